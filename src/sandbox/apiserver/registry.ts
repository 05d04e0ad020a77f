// The set of served resources: built-ins plus those registered by CustomResourceDefinitions.
import { BUILTIN_RESOURCES, GROUP_ORDER } from './builtin-resources.ts';
import type { ResourceType } from './types.ts';

/** What a CRD adds to a served resource (schema, printer columns, scale paths). */
export interface CustomResourceInfo {
  crdName: string;
  schema: unknown;
  printerColumns: {
    name: string;
    type: string;
    format?: string;
    description?: string;
    priority?: number;
    jsonPath: string;
  }[];
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  /** Versions served for this resource; the storage version is the first one stored. */
  storageVersion: string;
}

export interface Served {
  type: ResourceType;
  custom?: CustomResourceInfo;
}

/** Storage key of a resource: one per group/plural, shared by all its versions. */
export const resKeyOf = (t: Pick<ResourceType, 'group' | 'plural'>): string =>
  `${t.group}/${t.plural}`;

/** Lookup of served resources by group/version/plural, kind and group. */
export class ResourceRegistry {
  private readonly byGvr = new Map<string, Served>();
  private changeListeners: (() => void)[] = [];

  constructor() {
    for (const t of BUILTIN_RESOURCES)
      this.byGvr.set(`${t.group}/${t.version}/${t.plural}`, { type: t });
  }

  /** The served resource at `group/version/plural`, if any. */
  lookup(group: string, version: string, plural: string): Served | undefined {
    return this.byGvr.get(`${group}/${version}/${plural}`);
  }

  /** Finds a resource by group and kind (any served version, preferred first). */
  byKind(group: string, kind: string, version?: string): Served | undefined {
    for (const s of this.byGvr.values()) {
      if (
        s.type.group === group &&
        s.type.kind === kind &&
        (version === undefined || s.type.version === version)
      )
        return s;
    }
    return undefined;
  }

  /** A served version of the resource stored under `resKey` (`group/plural`). */
  byResKey(resKey: string): Served | undefined {
    for (const s of this.byGvr.values()) if (resKeyOf(s.type) === resKey) return s;
    return undefined;
  }

  /** Every served resource. */
  all(): Served[] {
    return [...this.byGvr.values()];
  }

  /** Group versions in discovery order: core first, then groups in upstream's order, then CRDs. */
  groupVersions(): { group: string; versions: string[] }[] {
    const groups = new Map<string, Set<string>>();
    for (const s of this.byGvr.values()) {
      if (s.type.group === '') continue;
      let set = groups.get(s.type.group);
      if (!set) {
        set = new Set();
        groups.set(s.type.group, set);
      }
      set.add(s.type.version);
    }
    const rank = (g: string): number => {
      const i = GROUP_ORDER.indexOf(g);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...groups.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1))
      .map(([group, versions]) => ({ group, versions: [...versions].sort(compareVersions) }));
  }

  /** Resources served in one group version. */
  inGroupVersion(group: string, version: string): Served[] {
    return [...this.byGvr.values()].filter(
      (s) => s.type.group === group && s.type.version === version,
    );
  }

  /** Replaces the custom resources registered for one CRD (by CRD name). */
  setCustom(crdName: string, served: Served[]): void {
    for (const [k, s] of this.byGvr) if (s.custom?.crdName === crdName) this.byGvr.delete(k);
    for (const s of served) this.byGvr.set(`${s.type.group}/${s.type.version}/${s.type.plural}`, s);
    for (const fn of this.changeListeners) fn();
  }

  /** Called whenever the set of served resources changes. */
  onChange(fn: () => void): void {
    this.changeListeners.push(fn);
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first (v1 before v1beta1). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
