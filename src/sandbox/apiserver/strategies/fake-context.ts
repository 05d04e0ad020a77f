// An in-memory StrategyContext for tests of strategies.
import type { StrategyContext } from '../strategy.ts';
import { formatAggregate } from '../field-errors.ts';
import type { FieldError, KubeObject } from '../types.ts';

/** A StrategyContext over a fixed list of `[group, plural, object]` and a simple IP pool. */
export function fakeContext(
  objects: [string, string, KubeObject][] = [],
  usedIPs: string[] = [],
): StrategyContext {
  const used = new Set(usedIPs);
  let next = 1;
  const select = (group: string, plural: string, ns: string | undefined): KubeObject[] =>
    objects
      .filter(
        ([g, p, o]) =>
          g === group && p === plural && (ns === undefined || o.metadata.namespace === ns),
      )
      .map(([, , o]) => o);
  return {
    now: new Date('2026-01-02T03:04:05.678Z'),
    get: (group, plural, ns, name) =>
      select(group, plural, ns).find((o) => o.metadata.name === name),
    list: select,
    allocateClusterIP(): string {
      while (used.has(`10.96.0.${next}`)) next++;
      const ip = `10.96.0.${next}`;
      used.add(ip);
      return ip;
    },
    clusterIPInUse: (ip) => used.has(ip),
  };
}

/** The aggregate message of field errors, or '' when there are none. */
export const errorText = (errs: readonly FieldError[] | undefined): string =>
  errs && errs.length > 0 ? formatAggregate([...errs]) : '';
