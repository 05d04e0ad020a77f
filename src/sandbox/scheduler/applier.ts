// Writes the scheduler's decisions: the binding (via the shared pods/binding logic), volume
// annotations, the PodScheduled condition and the Scheduled / FailedScheduling events.
import { bindPod } from '../apiserver/pod-binding.ts';
import { formatTime } from '../apiserver/object-meta.ts';
import type { EventRecorder } from '../controllers/events.ts';
import { R, type LocalClient } from '../controllers/local-client.ts';
import type { Pod, PodCondition, Pv, Pvc, VolumeDecision } from './types.ts';
import { SELECTED_NODE } from './volumes.ts';

/** Writes the scheduler needs, with its event recorder and clock. */
export interface ApplierDeps {
  client: LocalClient;
  recorder: EventRecorder;
  now: () => number;
}

/** Binds the pod and records `Scheduled`. */
export function bind(deps: ApplierDeps, pod: Pod, node: string): void {
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name ?? '';
  bindPod(deps.client.core, deps.client.served(R.pods), ns, name, node);
  deps.recorder.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${node}`);
}

/** Pins WaitForFirstConsumer claims to the node and pre-binds matched static PVs. */
export function applyVolumes(deps: ApplierDeps, pod: Pod, node: string, v: VolumeDecision): void {
  const ns = pod.metadata.namespace;
  for (const claim of v.provision) {
    deps.client.mutate<Pvc>(R.pvcs, ns, claim, (pvc) => {
      pvc.metadata.annotations = { ...pvc.metadata.annotations, [SELECTED_NODE]: node };
    });
  }
  for (const b of v.staticBindings) {
    const pvc = deps.client.get<Pvc>(R.pvcs, ns, b.claim);
    deps.client.mutate<Pv>(R.pvs, undefined, b.pv, (pv) => {
      pv.spec.claimRef = { namespace: ns ?? '', name: b.claim, uid: pvc?.metadata.uid ?? '' };
      pv.metadata.annotations = {
        ...pv.metadata.annotations,
        'pv.kubernetes.io/bound-by-controller': 'yes',
      };
    });
  }
}

/** Sets the PodScheduled condition (keeping its transition time when the status is unchanged). */
export function setScheduledCondition(
  deps: ApplierDeps,
  pod: Pod,
  cond: { status: string; reason: string; message: string },
): void {
  const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (
    old &&
    old.status === cond.status &&
    old.reason === cond.reason &&
    old.message === cond.message
  )
    return;
  deps.client.mutate<Pod>(
    R.pods,
    pod.metadata.namespace,
    pod.metadata.name ?? '',
    (p) => {
      const conditions = p.status?.conditions ?? [];
      const prev = conditions.find((c) => c.type === 'PodScheduled');
      const next: PodCondition = {
        type: 'PodScheduled',
        status: cond.status,
        lastProbeTime: null,
        lastTransitionTime:
          prev && prev.status === cond.status && prev.lastTransitionTime
            ? prev.lastTransitionTime
            : formatTime(new Date(deps.now())),
        reason: cond.reason,
        message: cond.message,
      };
      const i = conditions.findIndex((c) => c.type === 'PodScheduled');
      if (i >= 0) conditions[i] = next;
      else conditions.push(next);
      p.status = { ...p.status, conditions };
    },
    true,
  );
}

/** Records a failed attempt: `FailedScheduling` and PodScheduled=False with the same message. */
export function recordFailure(deps: ApplierDeps, pod: Pod, reason: string, message: string): void {
  deps.recorder.event(pod, 'Warning', 'FailedScheduling', message);
  setScheduledCondition(deps, pod, { status: 'False', reason, message });
}
