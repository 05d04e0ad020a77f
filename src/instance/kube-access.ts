// The agent's view of the Kubernetes API: its cluster object, Secrets, member pods, its own pod.
// Every call is bounded in time: a partitioned agent must keep deciding (and fencing).
import type { KubeClients } from '../kube/config.ts';
import { isNotFound } from '../kube/api-errors.ts';
import {
  GROUP,
  POSTGRES_CLUSTER_NAMES,
  VERSION,
  type PostgresCluster,
} from '../api/postgres-cluster.ts';
import { INSTANCE_ANNOTATIONS, INSTANCE_LABELS, type MemberStatus } from '../api/instance.ts';
import { StewardError } from '../lib/errors.ts';
import { containerExit, type ContainerExit } from './holder-gone.ts';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/** A member pod as listed. */
export interface MemberPod {
  name: string;
  podIP: string | null;
  /** The role label. */
  role: string | null;
  status: MemberStatus | null;
  /** The instance container's last exit as the pod's kubelet reports it (null: never exited). */
  exit: ContainerExit | null;
}

/** What the agent reads and writes through the API. */
export interface AgentApi {
  getCluster(): Promise<PostgresCluster | null>;
  /** `username`/`password` of a Secret, null when it does not exist. */
  getCredentials(secret: string): Promise<{ username: string; password: string } | null>;
  listMembers(): Promise<MemberPod[]>;
  /** Sets the role label and status annotation of our own pod. */
  patchOwnPod(role: string, status: MemberStatus): Promise<void>;
  /** Sets the role label of another member's pod (the new primary relabels a dead one). */
  labelPod(name: string, role: string): Promise<void>;
  /** Merge-patches fields of the cluster's status. */
  patchClusterStatus(status: Record<string, unknown>): Promise<void>;
}

/** Bounds a call: rejects with API_TIMEOUT after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StewardError('API_TIMEOUT', `${what} timed out after ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

/** AgentApi over the official client. */
export function kubeAgentApi(
  c: KubeClients,
  o: { namespace: string; cluster: string; pod: string; timeoutMs: number },
): AgentApi {
  const ns = o.namespace;
  const bound = <T>(p: Promise<T>, what: string) => withTimeout(p, o.timeoutMs, what);
  const crd = {
    group: GROUP,
    version: VERSION,
    namespace: ns,
    plural: POSTGRES_CLUSTER_NAMES.plural,
    name: o.cluster,
  };
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  return {
    async getCluster() {
      try {
        return (await bound(
          c.customObjects.getNamespacedCustomObject(crd),
          'reading the cluster',
        )) as PostgresCluster;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async getCredentials(secret) {
      try {
        const s = await bound(
          c.core.readNamespacedSecret({ name: secret, namespace: ns }),
          `reading Secret ${secret}`,
        );
        const dec = (k: string) => {
          const v = s.data?.[k];
          return v === undefined
            ? (s.stringData?.[k] ?? '')
            : Buffer.from(v, 'base64').toString('utf8');
        };
        return { username: dec('username'), password: dec('password') };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },
    async listMembers() {
      const list = await bound(
        c.core.listNamespacedPod({
          namespace: ns,
          labelSelector: `${INSTANCE_LABELS.cluster}=${o.cluster}`,
        }),
        'listing member pods',
      );
      return list.items.map((p) => ({
        name: p.metadata?.name ?? '',
        podIP: p.status?.podIP ?? null,
        role: p.metadata?.labels?.[INSTANCE_LABELS.role] ?? null,
        status: parseStatus(p.metadata?.annotations?.[INSTANCE_ANNOTATIONS.status]),
        exit: containerExit(p),
      }));
    },
    async patchOwnPod(role, status) {
      const body = {
        metadata: {
          labels: { [INSTANCE_LABELS.role]: role },
          annotations: { [INSTANCE_ANNOTATIONS.status]: JSON.stringify(status) },
        },
      };
      await bound(
        c.core.patchNamespacedPod({ name: o.pod, namespace: ns, body }, merge),
        'patching our pod',
      );
    },
    async labelPod(name, role) {
      const body = { metadata: { labels: { [INSTANCE_LABELS.role]: role } } };
      await bound(
        c.core.patchNamespacedPod({ name, namespace: ns, body }, merge),
        `labelling pod ${name}`,
      );
    },
    async patchClusterStatus(status) {
      await bound(
        c.customObjects.patchNamespacedCustomObjectStatus({ ...crd, body: { status } }, merge),
        'patching the cluster status',
      );
    },
  };
}

function parseStatus(text: string | undefined): MemberStatus | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as MemberStatus;
  } catch {
    return null;
  }
}
