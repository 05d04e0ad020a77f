// Helpers of the storage end-to-end test: fake nodes with lease heartbeats, pods pinned to nodes,
// polling and event lookups through the in-process client.
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { R, type LocalClient } from '../../src/sandbox/controllers/local-client.ts';

export { waitFor } from '../support/wait.ts';

/** Creates a Node (Ready or not) and, for Ready ones, renews its Lease until `stop()`. */
export function fakeNode(client: LocalClient, name: string, ready: boolean): { stop(): void } {
  const now = (): string => new Date().toISOString().replace(/Z$/, '000Z');
  client.create(R.nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    spec: {},
  });
  client.mutate(
    R.nodes,
    undefined,
    name,
    (n) => {
      n.status = {
        conditions: [
          {
            type: 'Ready',
            status: ready ? 'True' : 'False',
            reason: 'KubeletReady',
            lastHeartbeatTime: now(),
            lastTransitionTime: now(),
          },
        ],
      };
    },
    true,
  );
  if (!ready) return { stop: () => undefined };
  const lease = {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace: 'kube-node-lease' },
    spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: now() },
  };
  client.create(R.leases, lease);
  const timer = setInterval(() => {
    client.mutate(R.leases, 'kube-node-lease', name, (l) => {
      (l.spec as { renewTime: string }).renewTime = now();
    });
  }, 300);
  return { stop: () => clearInterval(timer) };
}

/** A pod bound to `node` that mounts claim `claimName` at /data. */
export function pinnedPod(name: string, node: string, claimName: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: node,
      containers: [
        { name: 'c', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  };
}

/** Events about an object with a reason. */
export function eventsFor(client: LocalClient, objName: string, reason: string): KubeObject[] {
  return client
    .list(R.events)
    .filter((e) => (e.involvedObject as { name?: string }).name === objName && e.reason === reason);
}

/** Sets what the kubelet of `node` reports as mounted (`node.status.volumesInUse`). */
export function setVolumesInUse(client: LocalClient, node: string, names: string[]): void {
  client.mutate(
    R.nodes,
    undefined,
    node,
    (n) => {
      const status = (n.status ?? {}) as Record<string, unknown>;
      if (names.length > 0) status.volumesInUse = names;
      else delete status.volumesInUse;
      n.status = status;
    },
    true,
  );
}

/** A PVC of `size` (class omitted = default class). */
export function claimObj(name: string, size: string, cls?: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name, namespace: 'default' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      ...(cls ? { storageClassName: cls } : {}),
    },
  };
}
