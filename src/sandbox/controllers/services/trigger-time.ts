// Upstream's TriggerTimeTracker: the `endpoints.kubernetes.io/last-change-trigger-time` of an
// endpoints write is the earliest change (pod Ready transition, Service creation) not yet seen.
import type { PodObject, ServiceObject } from './types.ts';

interface ServiceState {
  podTimes: Map<string, number>;
  serviceTime: number;
}

const parse = (t: string | undefined): number => (t ? Date.parse(t) : 0);

/** A pod's trigger time: the last transition of its Ready condition (0 when unknown). */
export const podTriggerTime = (pod: PodObject): number =>
  parse(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);

/** Remembers, per Service, the trigger times already accounted for. */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  /** The trigger time for this sync in ms (0: none), updating the remembered state. */
  compute(key: string, svc: ServiceObject, pods: PodObject[]): number {
    const state = this.states.get(key);
    const podTimes = new Map<string, number>();
    let min = 0;
    const consider = (t: number): void => {
      if (t > 0 && (min === 0 || t < min)) min = t;
    };
    for (const pod of pods) {
      const t = podTriggerTime(pod);
      if (t === 0) continue;
      podTimes.set(pod.metadata.name ?? '', t);
      if (t > (state?.podTimes.get(pod.metadata.name ?? '') ?? 0)) consider(t);
    }
    const serviceTime = parse(svc.metadata.creationTimestamp);
    if (serviceTime > (state?.serviceTime ?? 0)) consider(serviceTime);
    this.states.set(key, { podTimes, serviceTime });
    return state ? min : serviceTime;
  }

  /** Forgets a deleted Service. */
  delete(key: string): void {
    this.states.delete(key);
  }
}

/** RFC 3339 with nanoseconds as Go formats it (trailing zeros dropped). */
export function formatTriggerTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, 'Z');
}
