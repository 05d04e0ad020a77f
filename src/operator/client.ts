// The operator's view of the API: generic object reads and writes, the cluster's status, events.
import { PatchStrategy, setHeaderOptions, type KubernetesObject } from '@kubernetes/client-node';
import {
  GROUP,
  POSTGRES_CLUSTER_NAMES,
  VERSION,
  type PostgresCluster,
} from '../api/postgres-cluster.ts';
import { isNotFound } from '../kube/api-errors.ts';
import type { KubeClients } from '../kube/config.ts';

/** Reference to an object by kind. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** What reconcile steps may do; tests pass an in-memory fake. */
export interface OperatorClient {
  get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | null>;
  create<T extends KubernetesObject>(obj: T): Promise<T>;
  /** JSON merge patch. */
  patch<T extends KubernetesObject>(ref: ObjectRef, patch: object): Promise<T>;
  delete(ref: ObjectRef, propagationPolicy?: 'Orphan' | 'Background' | 'Foreground'): Promise<void>;
  list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector: string,
  ): Promise<T[]>;
  patchClusterStatus(cluster: PostgresCluster, status: object): Promise<void>;
  event(
    cluster: PostgresCluster,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<void>;
}

/** The field manager of every write. */
export const FIELD_MANAGER = 'steward-operator';

/** OperatorClient over the official client. */
export function kubeOperatorClient(c: KubeClients): OperatorClient {
  const header = (ref: ObjectRef) => ({
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  });
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return {
    async get<T extends KubernetesObject>(ref: ObjectRef) {
      try {
        return (await c.objects.read(header(ref))) as unknown as T;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async create<T extends KubernetesObject>(obj: T) {
      return c.objects.create(obj, undefined, undefined, FIELD_MANAGER);
    },
    async patch<T extends KubernetesObject>(ref: ObjectRef, patch: object) {
      const h = header(ref);
      const p = patch as { metadata?: object };
      const body = { ...p, ...h, metadata: { ...p.metadata, ...h.metadata } } as KubernetesObject;
      const out = await c.objects.patch(
        body,
        undefined,
        undefined,
        FIELD_MANAGER,
        undefined,
        PatchStrategy.MergePatch,
      );
      return out as T;
    },
    async delete(ref, propagationPolicy) {
      try {
        await c.objects.delete(
          header(ref),
          undefined,
          undefined,
          undefined,
          undefined,
          propagationPolicy,
        );
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
    async list<T extends KubernetesObject>(
      apiVersion: string,
      kind: string,
      namespace: string,
      labelSelector: string,
    ) {
      const r = await c.objects.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      );
      return r.items as T[];
    },
    async patchClusterStatus(cluster, status) {
      await c.customObjects.patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          plural: POSTGRES_CLUSTER_NAMES.plural,
          namespace: cluster.metadata.namespace ?? 'default',
          name: cluster.metadata.name ?? '',
          body: { status },
        },
        merge,
      );
    },
    async event(cluster, type, reason, message) {
      const now = new Date().toISOString();
      const ns = cluster.metadata.namespace ?? 'default';
      await c.core
        .createNamespacedEvent({
          namespace: ns,
          body: {
            // A generateName may end in '-' but not '.' (API server name validation).
            metadata: { generateName: `${cluster.metadata.name ?? 'cluster'}-`, namespace: ns },
            involvedObject: {
              apiVersion: cluster.apiVersion,
              kind: cluster.kind,
              name: cluster.metadata.name ?? '',
              namespace: ns,
              ...(cluster.metadata.uid ? { uid: cluster.metadata.uid } : {}),
            },
            type,
            reason,
            message,
            source: { component: FIELD_MANAGER },
            firstTimestamp: now as unknown as Date,
            lastTimestamp: now as unknown as Date,
            count: 1,
          },
        })
        .catch(() => undefined);
    },
  };
}
