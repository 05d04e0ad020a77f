// What a watcher saw of each PostgresCluster and when: the first time each generation, each
// observedGeneration and Ready appeared (pure; the caller supplies the times).

/** The fields of a PostgresCluster the benchmark follows. */
export interface ClusterView {
  name: string;
  generation: number;
  observedGeneration: number | null;
  /** status.phase Ready and the Ready condition True. */
  ready: boolean;
}

interface WatchedCluster {
  metadata?: { name?: string; generation?: number };
  status?: {
    phase?: string;
    observedGeneration?: number;
    conditions?: { type?: string; status?: string }[];
  };
}

/** The followed fields of a PostgresCluster as the API returns it. */
export function viewOf(obj: WatchedCluster): ClusterView {
  const st = obj.status;
  const readyCondition = st?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
  return {
    name: obj.metadata?.name ?? '',
    generation: obj.metadata?.generation ?? 0,
    observedGeneration: st?.observedGeneration ?? null,
    ready: st?.phase === 'Ready' && readyCondition === true,
  };
}

interface History {
  /** [generation, first seen at], in the order seen. */
  generations: [number, number][];
  observed: [number, number][];
  readyAt: number | null;
}

/** First-seen times per cluster. */
export class Timeline {
  private readonly byName = new Map<string, History>();

  /** Records one observation made at `at`. */
  record(v: ClusterView, at: number): void {
    let h = this.byName.get(v.name);
    if (!h) {
      h = { generations: [], observed: [], readyAt: null };
      this.byName.set(v.name, h);
    }
    if (h.generations.at(-1)?.[0] !== v.generation) h.generations.push([v.generation, at]);
    const og = v.observedGeneration;
    if (og !== null && h.observed.at(-1)?.[0] !== og) h.observed.push([og, at]);
    if (v.ready && h.readyAt === null) h.readyAt = at;
  }

  /** Forgets a cluster (deleted; its name may come back). */
  forget(name: string): void {
    this.byName.delete(name);
  }

  /** The latest generation seen, or null. */
  generation(name: string): number | null {
    return this.byName.get(name)?.generations.at(-1)?.[0] ?? null;
  }

  /** When a generation of at least `g` was first seen. */
  generationSeenAt(name: string, g: number): number | null {
    return firstAtLeast(this.byName.get(name)?.generations, g);
  }

  /** When status.observedGeneration of at least `g` was first seen. */
  observedAt(name: string, g: number): number | null {
    return firstAtLeast(this.byName.get(name)?.observed, g);
  }

  /** When the cluster was first seen Ready. */
  readyAt(name: string): number | null {
    return this.byName.get(name)?.readyAt ?? null;
  }
}

function firstAtLeast(xs: [number, number][] | undefined, g: number): number | null {
  return xs?.find(([v]) => v >= g)?.[1] ?? null;
}
