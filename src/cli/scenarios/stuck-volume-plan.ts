// The stuck-volume rehearsal as data: the objects it creates and the milestones it watches for.
// Pure: the runner (stuck-volume.ts) observes the cluster and feeds snapshots in.
import type {
  CoreV1Event,
  V1Node,
  V1Pod,
  V1StatefulSet,
  V1VolumeAttachment,
} from '@kubernetes/client-node';

export const SCENARIO_LABEL = { 'steward.dev/scenario': 'stuck-volume' };

/** A one-replica StatefulSet whose pod writes a marker to its RWO volume, or reports the one it finds. */
export function buildScenarioStatefulSet(name: string, namespace: string): V1StatefulSet {
  const script = [
    'if [ -f /data/marker ]; then echo "found: $(cat /data/marker)";',
    'else echo "$(date +%s%N)" > /data/marker; echo "created: $(cat /data/marker)"; fi;',
    'exec sleep 1000000',
  ].join(' ');
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace, labels: SCENARIO_LABEL },
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, ...SCENARIO_LABEL } },
        spec: {
          terminationGracePeriodSeconds: 5,
          containers: [
            {
              name: 'app',
              image: 'busybox:1.36',
              command: ['sh', '-c', script],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
              readinessProbe: {
                exec: { command: ['test', '-f', '/data/marker'] },
                periodSeconds: 1,
              },
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    },
  };
}

/** What one observation of the cluster shows. */
export interface Observation {
  node: V1Node | undefined;
  pod: V1Pod | undefined;
  attachments: V1VolumeAttachment[];
  events: CoreV1Event[];
}

/** Milestones in the order they are expected. */
export type Milestone =
  | 'node-unknown'
  | 'node-tainted'
  | 'pod-terminating'
  | 'replacement-scheduled'
  | 'multi-attach'
  | 'old-attachment-gone'
  | 'replacement-ready';

function nodeMilestones(o: Observation, seen: Set<Milestone>): void {
  const ready = o.node?.status?.conditions?.find((c) => c.type === 'Ready');
  if (!o.node || ready?.status === 'Unknown') seen.add('node-unknown');
  const taints = o.node?.spec?.taints ?? [];
  if (taints.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute')) {
    seen.add('node-tainted');
  }
}

function podMilestones(
  o: Observation,
  failedNode: string,
  firstPodUid: string,
  seen: Set<Milestone>,
): void {
  const pod = o.pod;
  if (!pod) return;
  if (pod.metadata?.uid === firstPodUid && pod.metadata.deletionTimestamp)
    seen.add('pod-terminating');
  const node = pod.spec?.nodeName;
  if (pod.metadata?.uid === firstPodUid || !node || node === failedNode) return;
  seen.add('replacement-scheduled');
  if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    seen.add('replacement-ready');
}

/** Which milestones an observation shows, given the failed node and the first pod's uid. */
export function milestonesIn(
  o: Observation,
  failedNode: string,
  firstPodUid: string,
): Set<Milestone> {
  const seen = new Set<Milestone>();
  nodeMilestones(o, seen);
  podMilestones(o, failedNode, firstPodUid, seen);
  const multiAttach = (e: CoreV1Event): boolean =>
    e.reason === 'FailedAttachVolume' && (e.message ?? '').startsWith('Multi-Attach error');
  if (o.events.some(multiAttach)) seen.add('multi-attach');
  if (!o.attachments.some((a) => a.spec.nodeName === failedNode)) seen.add('old-attachment-gone');
  return seen;
}

/** The sentence printed for a milestone. */
export function describeMilestone(m: Milestone, failedNode: string, o: Observation): string {
  switch (m) {
    case 'node-unknown':
      return `node ${failedNode} is NotReady (Ready=Unknown: Kubelet stopped posting node status.)`;
    case 'node-tainted':
      return `node ${failedNode} tainted node.kubernetes.io/unreachable:NoExecute`;
    case 'pod-terminating':
      return `pod ${o.pod?.metadata?.name ?? ''} evicted by taint manager: stuck Terminating (no kubelet to confirm); the StatefulSet does not replace it`;
    case 'replacement-scheduled':
      return `replacement pod scheduled on ${o.pod?.spec?.nodeName ?? '?'}`;
    case 'multi-attach':
      return `Multi-Attach error: the volume is still attached to ${failedNode}`;
    case 'old-attachment-gone':
      return `volume detached from ${failedNode}`;
    case 'replacement-ready':
      return `replacement pod Running and Ready on ${o.pod?.spec?.nodeName ?? '?'}`;
  }
}
