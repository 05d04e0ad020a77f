// The status the apiextensions controllers give a CRD: accepted names (naming controller),
// NamesAccepted and Established conditions, and storedVersions.
import type { Crd, CrdCondition, CrdNames, CrdStatus } from './crd-types.ts';
import { storageVersion } from './crd.ts';

/** Names already taken in a group: other CRDs' accepted names and built-in resources. */
export interface TakenNames {
  /** Resource names (plural and singular) and short names. */
  resources: Set<string>;
  /** Kinds and list kinds. */
  kinds: Set<string>;
}

/** Collects the names taken in `group` by other CRDs (by accepted names) and by built-ins. */
export function takenNames(
  group: string,
  crds: readonly Crd[],
  builtins: readonly {
    group: string;
    plural: string;
    singular: string;
    kind: string;
    listKind: string;
    shortNames: string[];
  }[],
  self?: string,
): TakenNames {
  const taken: TakenNames = { resources: new Set(), kinds: new Set() };
  const add = (n: CrdNames) => {
    for (const r of [n.plural, n.singular, ...(n.shortNames ?? [])]) if (r) taken.resources.add(r);
    for (const k of [n.kind, n.listKind]) if (k) taken.kinds.add(k);
  };
  for (const c of crds) {
    if (c.spec.group !== group || c.metadata.name === self) continue;
    add(c.status?.acceptedNames ?? {});
  }
  for (const b of builtins) if (b.group === group) add(b);
  return taken;
}

interface NamingResult {
  accepted: CrdNames;
  condition: Omit<CrdCondition, 'lastTransitionTime'>;
}

/** The naming controller's decision: names that are new or already accepted win; others conflict. */
export function acceptNames(crd: Crd, taken: TakenNames): NamingResult {
  const want = crd.spec.names ?? {};
  const had = crd.status?.acceptedNames ?? {};
  const accepted: CrdNames = { ...had };
  let conflict: { reason: string; message: string } | undefined;
  const check = (
    key: 'plural' | 'singular' | 'kind' | 'listKind',
    pool: Set<string>,
    reason: string,
  ) => {
    const name = want[key];
    if (!name) return;
    if (name !== had[key] && pool.has(name)) {
      conflict ??= { reason, message: `${JSON.stringify(name)} is already in use` };
    } else {
      accepted[key] = name;
    }
  };
  check('plural', taken.resources, 'PluralConflict');
  check('singular', taken.resources, 'SingularConflict');
  const shortClash = (want.shortNames ?? []).find(
    (s) => !(had.shortNames ?? []).includes(s) && taken.resources.has(s),
  );
  if (shortClash) {
    conflict ??= {
      reason: 'ShortNamesConflict',
      message: `${JSON.stringify(shortClash)} is already in use`,
    };
  } else if (want.shortNames) {
    accepted.shortNames = want.shortNames;
  }
  check('kind', taken.kinds, 'KindConflict');
  check('listKind', taken.kinds, 'ListKindConflict');
  if (want.categories) accepted.categories = want.categories;
  const condition = conflict
    ? { type: 'NamesAccepted', status: 'False' as const, ...conflict }
    : {
        type: 'NamesAccepted',
        status: 'True' as const,
        reason: 'NoConflicts',
        message: 'no conflicts found',
      };
  return { accepted, condition };
}

/** The whole status after the controllers ran, keeping transition times of unchanged conditions. */
export function crdStatusFor(crd: Crd, taken: TakenNames, now: string): CrdStatus {
  const { accepted, condition } = acceptNames(crd, taken);
  const ok = condition.status === 'True';
  const established = ok
    ? {
        type: 'Established',
        status: 'True' as const,
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      }
    : {
        type: 'Established',
        status: 'False' as const,
        reason: 'NotAccepted',
        message: 'not all names are accepted',
      };
  const stored = [...(crd.status?.storedVersions ?? [])];
  const storage = storageVersion(crd.spec);
  if (storage && !stored.includes(storage)) stored.push(storage);
  const previous = crd.status?.conditions ?? [];
  const stamp = (c: Omit<CrdCondition, 'lastTransitionTime'>): CrdCondition => {
    const old = previous.find((p) => p.type === c.type);
    const lastTransitionTime = old && old.status === c.status ? old.lastTransitionTime : now;
    return { ...c, lastTransitionTime };
  };
  return {
    acceptedNames: accepted,
    storedVersions: stored,
    conditions: [stamp(condition), stamp(established)],
  };
}
