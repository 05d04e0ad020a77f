// What the cluster commands read and write through the API; tests pass an in-memory fake.
import {
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type V1Lease,
  type V1Pod,
} from '@kubernetes/client-node';
import { INSTANCE_LABELS, primaryLeaseName } from '../api/instance.ts';
import {
  API_VERSION,
  GROUP,
  POSTGRES_CLUSTER_NAMES,
  VERSION,
  type PostgresCluster,
} from '../api/postgres-cluster.ts';
import { isConflict, isNotFound } from '../kube/api-errors.ts';
import type { KubeClients } from '../kube/config.ts';
import { DATA_VOLUME_NAME } from '../operator/builders/names.ts';

/** The primary Lease as the status view shows it. */
export interface LeaseView {
  name: string;
  holder: string | null;
  renewTime: string | null;
  durationSeconds: number | null;
  annotations: Record<string, string>;
}

/** One event about the cluster or one of its objects. */
export interface EventView {
  type: string;
  reason: string;
  /** `kind/name` of the object it is about, kind in lower case. */
  object: string;
  message: string;
  /** Last time it happened (ISO 8601), if known. */
  time: string | null;
  count: number;
}

/** Reads and the one write of `promote` and `status`. */
export interface ClusterApi {
  /** The cluster, or null when there is none of that name. */
  getCluster(namespace: string, name: string): Promise<PostgresCluster | null>;
  listPods(namespace: string, cluster: string): Promise<V1Pod[]>;
  getLease(namespace: string, cluster: string): Promise<LeaseView | null>;
  listEvents(namespace: string, cluster: string): Promise<EventView[]>;
  /** Merge-patches status.targetPrimary if the cluster is still at `resourceVersion`. */
  setTargetPrimary(
    cluster: PostgresCluster,
    target: string,
    resourceVersion: string,
  ): Promise<'ok' | 'conflict'>;
}

function isoOf(v: unknown): string | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The Lease as shown (pure). */
export function leaseViewOf(lease: V1Lease): LeaseView {
  return {
    name: lease.metadata?.name ?? '',
    holder: lease.spec?.holderIdentity || null,
    renewTime: isoOf(lease.spec?.renewTime),
    durationSeconds: lease.spec?.leaseDurationSeconds ?? null,
    annotations: lease.metadata?.annotations ?? {},
  };
}

/** True when an event's object belongs to `cluster` (the cluster, its pods, PVCs, Lease, Services…). */
export function isClusterObject(name: string, cluster: string): boolean {
  if (name === cluster) return true;
  const suffix = (prefix: string): string | null =>
    name.startsWith(prefix) ? name.slice(prefix.length) : null;
  const own = suffix(`${cluster}-`);
  if (own !== null && /^([0-9]+|primary|rw|ro|r|headless|instance)$/.test(own)) return true;
  return /^[0-9]+$/.test(suffix(`${DATA_VOLUME_NAME}-${cluster}-`) ?? '');
}

/** The event as shown (pure). */
export function eventViewOf(e: CoreV1Event): EventView {
  const o = e.involvedObject;
  return {
    type: e.type ?? '',
    reason: e.reason ?? '',
    object: `${(o.kind ?? '').toLowerCase()}/${o.name ?? ''}`,
    message: e.message ?? '',
    time:
      isoOf(e.series?.lastObservedTime) ??
      isoOf(e.lastTimestamp) ??
      isoOf(e.eventTime) ??
      isoOf(e.firstTimestamp) ??
      isoOf(e.metadata.creationTimestamp),
    count: e.series?.count ?? e.count ?? 1,
  };
}

/** ClusterApi over the official client. */
export function kubeClusterApi(c: KubeClients): ClusterApi {
  const crd = { group: GROUP, version: VERSION, plural: POSTGRES_CLUSTER_NAMES.plural };
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const orNull = <T>(p: Promise<T>): Promise<T | null> =>
    p.catch((err: unknown) => {
      if (isNotFound(err)) return null;
      throw err;
    });
  return {
    async getCluster(namespace, name) {
      const read = c.customObjects.getNamespacedCustomObject({ ...crd, namespace, name });
      return orNull(read as Promise<PostgresCluster>);
    },
    async listPods(namespace, cluster) {
      const labelSelector = `${INSTANCE_LABELS.cluster}=${cluster}`;
      return (await c.core.listNamespacedPod({ namespace, labelSelector })).items;
    },
    async getLease(namespace, cluster) {
      const name = primaryLeaseName(cluster);
      const lease = await orNull(c.coordination.readNamespacedLease({ namespace, name }));
      return lease ? leaseViewOf(lease) : null;
    },
    async listEvents(namespace, cluster) {
      const list = await c.core.listNamespacedEvent({ namespace });
      return list.items
        .filter((e) => isClusterObject(e.involvedObject.name ?? '', cluster))
        .map(eventViewOf);
    },
    async setTargetPrimary(cluster, target, resourceVersion) {
      const { name = '', namespace = 'default' } = cluster.metadata;
      // The resourceVersion makes the patch conditional: a failover in between is not overwritten.
      const body = {
        apiVersion: API_VERSION,
        kind: POSTGRES_CLUSTER_NAMES.kind,
        metadata: { resourceVersion },
        status: { targetPrimary: target },
      };
      try {
        await c.customObjects.patchNamespacedCustomObjectStatus(
          { ...crd, namespace, name, body },
          merge,
        );
        return 'ok';
      } catch (err) {
        if (isConflict(err)) return 'conflict';
        throw err;
      }
    },
  };
}
