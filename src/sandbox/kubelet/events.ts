// Kubelet events over HTTP (source component `kubelet`, host = node), with upstream's simple
// aggregation: a repeat of the same (object, field, reason, message) bumps count and lastTimestamp.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../lib/logger.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { ApiClient } from './api.ts';
import { apiTime } from './node-status.ts';
import type { Pod } from './types.ts';

/** Emits events about a pod (optionally about one of its containers). */
export interface EventSink {
  emit(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    container?: string,
  ): void;
}

/** The `fieldPath` of a container of a pod (`spec.containers{c}` / `spec.initContainers{c}`). */
export function containerFieldPath(pod: Pod, container: string): string {
  const init = (pod.spec.initContainers ?? []).some((c) => c.name === container);
  return `spec.${init ? 'initContainers' : 'containers'}{${container}}`;
}

interface Seen {
  name: string;
  count: number;
}

/** Posts events to the API server, aggregating repeats. */
export class KubeletEvents implements EventSink {
  private readonly client: ApiClient;
  private readonly node: string;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly seen = new Map<string, Seen>();

  constructor(deps: { client: ApiClient; node: string; now: () => number; log: Logger }) {
    this.client = deps.client;
    this.node = deps.node;
    this.now = deps.now;
    this.log = deps.log;
  }

  emit(
    pod: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    container?: string,
  ): void {
    void this.post(pod, type, reason, message, container).catch((err: unknown) =>
      this.log.debug('event not recorded', { reason, err: errorMessage(err) }),
    );
  }

  private async post(
    pod: Pod,
    type: string,
    reason: string,
    message: string,
    container?: string,
  ): Promise<void> {
    const ns = pod.metadata.namespace ?? 'default';
    const fieldPath = container ? containerFieldPath(pod, container) : undefined;
    const key = [pod.metadata.uid, fieldPath, type, reason, message].join('\u0000');
    const now = this.now();
    const seen = this.seen.get(key);
    if (seen) {
      seen.count++;
      await this.client.patch(`/api/v1/namespaces/${ns}/events/${seen.name}`, {
        count: seen.count,
        lastTimestamp: apiTime(now),
      });
      return;
    }
    const name = `${pod.metadata.name ?? ''}.${randomBytes(8).toString('hex')}`;
    this.seen.set(key, { name, count: 1 });
    await this.client.create(`/api/v1/namespaces/${ns}/events`, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata.name,
        namespace: ns,
        uid: pod.metadata.uid,
        ...(pod.metadata.resourceVersion ? { resourceVersion: pod.metadata.resourceVersion } : {}),
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      type,
      source: { component: 'kubelet', host: this.node },
      firstTimestamp: apiTime(now),
      lastTimestamp: apiTime(now),
      eventTime: null,
      count: 1,
      reportingComponent: 'kubelet',
      reportingInstance: this.node,
    });
  }

  /** Forgets aggregation state of a pod. */
  forget(uid: string): void {
    for (const k of [...this.seen.keys()]) if (k.startsWith(`${uid}\u0000`)) this.seen.delete(k);
  }
}
