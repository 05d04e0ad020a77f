// Test fixtures for the StatefulSet planner: sets, pods in given states, claims and revisions.
import type { ControllerRevision } from '../history/history.ts';
import type { Pod } from '../replicaset/pod-util.ts';
import { claimsFor, newVersionedPod } from './identity.ts';
import { newRevision } from './revisions.ts';
import type { PersistentVolumeClaim, StatefulSet, StatefulSetSpec } from './types.ts';

export const NOW = Date.parse('2025-01-01T00:10:00Z');

/** A defaulted StatefulSet `web` with one claim template `data`. */
export function makeSet(spec: Partial<StatefulSetSpec> = {}, image = 'nginx:1'): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default', uid: 'set-uid', generation: 1 },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      serviceName: 'web',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'c', image }], restartPolicy: 'Always' },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
      ...spec,
    },
  };
}

/** The revision of a set's current template. */
export const revisionOf = (set: StatefulSet, n = 1): ControllerRevision => {
  const r = newRevision(set, n, 0);
  r.metadata.uid = `rev-${String(n)}`;
  return r;
};

export type PodState =
  'pending' | 'ready' | 'running' | 'failed' | 'terminating' | 'ready-terminating';

/** A stored pod of the set at `ordinal` and revision `rev`, in the given state. */
export function makePod(
  set: StatefulSet,
  rev: ControllerRevision,
  ordinal: number,
  state: PodState = 'ready',
): Pod {
  const at = { set, revision: rev.metadata.name ?? '' };
  const pod = newVersionedPod(at, at, ordinal);
  pod.metadata.namespace = 'default';
  pod.metadata.uid = `pod-${String(ordinal)}-${rev.metadata.name ?? ''}`;
  const ready = state === 'ready' || state === 'ready-terminating';
  const phase = state === 'pending' ? 'Pending' : state === 'failed' ? 'Failed' : 'Running';
  pod.status = {
    phase,
    conditions: [
      {
        type: 'Ready',
        status: ready ? 'True' : 'False',
        lastTransitionTime: '2025-01-01T00:00:00Z',
      },
    ],
  };
  if (state === 'terminating' || state === 'ready-terminating')
    pod.metadata.deletionTimestamp = '2025-01-01T00:09:00Z';
  return pod;
}

/** The stored claims of the given ordinals. */
export function makeClaims(set: StatefulSet, ordinals: number[]): PersistentVolumeClaim[] {
  return ordinals.flatMap((o) =>
    [...claimsFor(set, o).values()].map((c) => ({
      ...c,
      metadata: { ...c.metadata, uid: `pvc-${String(o)}` },
    })),
  );
}
