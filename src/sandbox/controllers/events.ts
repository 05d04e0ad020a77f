// Event recorder: core/v1 Events as upstream's recorder writes them, with its aggregation
// (a repeat of the same event on the same object bumps `count` and `lastTimestamp`).
import { formatTime } from '../apiserver/object-meta.ts';
import type { KubeObject } from '../apiserver/types.ts';
import { R, type LocalClient } from './local-client.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

/** Records events about objects, as one component. */
export class EventRecorder {
  private readonly client: LocalClient;
  private readonly source: EventSource;
  private readonly now: () => Date;
  private readonly recent = new Map<string, { name: string; ns: string }>();

  constructor(client: LocalClient, source: EventSource, now: () => Date) {
    this.client = client;
    this.source = source;
    this.now = now;
  }

  /** Records (or aggregates) an event; never throws (events are best effort, as upstream). */
  event(
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    try {
      this.record(obj, type, reason, message, fieldPath);
    } catch {
      // Events are advisory; a failure to write one must not break the caller.
    }
  }

  private record(
    obj: KubeObject,
    type: EventType,
    reason: string,
    message: string,
    fieldPath?: string,
  ): void {
    const ns = obj.metadata.namespace ?? 'default';
    const aggKey = [obj.metadata.uid, type, reason, message, fieldPath ?? ''].join('\u0000');
    const now = formatTime(this.now());
    const seen = this.recent.get(aggKey);
    if (seen) {
      const updated = this.client.mutate(R.events, seen.ns, seen.name, (ev) => {
        ev.count = Number(ev.count ?? 1) + 1;
        ev.lastTimestamp = now;
      });
      if (updated) return;
    }
    const involved: Record<string, unknown> = {
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion,
    };
    if (fieldPath) involved.fieldPath = fieldPath;
    const name = `${obj.metadata.name ?? 'event'}.${(BigInt(this.now().getTime()) * 1_000_000n + BigInt(this.recent.size)).toString(16)}`;
    this.client.create(R.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: involved,
      reason,
      message,
      source: this.source,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.source.component,
      reportingInstance: this.source.host ?? '',
    });
    this.recent.set(aggKey, { name, ns });
    if (this.recent.size > 5000) this.recent.delete(this.recent.keys().next().value ?? '');
  }
}
