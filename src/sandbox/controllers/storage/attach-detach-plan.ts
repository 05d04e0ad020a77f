// The attach/detach controller's decisions (upstream attachdetach/reconciler/reconciler.go):
// detach what no pod needs once it is unmounted (or force it after maxWaitForUnmountDuration on
// a not-Ready node, or at once with the out-of-service taint); attach what pods need, refusing a
// second node for volumes that are not multi-attachable; keep node.status.volumesAttached.
import type { KubeObject } from '../../apiserver/types.ts';
import { attachmentName, uniqueVolumeName } from '../../storage/paths.ts';
import type {
  AdAction,
  AdAttachment,
  AdOptions,
  AdPlan,
  AdSnapshot,
  AdState,
  Desired,
} from './attach-detach-state.ts';
import { desiredAttachments, dkey, multiAttachAllowed } from './attach-detach-state.ts';
import * as C from './constants.ts';

/** Go's time.Duration formatting for whole and fractional seconds (6m0s, 10s, 1.5s, 1h0m0s). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${String(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = `${String((ms % 60_000) / 1000)}s`;
  if (h > 0) return `${String(h)}h${String(m)}m${s}`;
  return m > 0 ? `${String(m)}m${s}` : s;
}

const handleOf = (snap: AdSnapshot, pv: string): string =>
  snap.volumes.get(pv)?.spec.csi?.volumeHandle ?? pv;

interface DetachDecision {
  detach: boolean;
  log?: string;
  waitMs?: number;
}

/** Whether an unneeded attachment may be detached now (reconciler.go's mounted/timeout/taint rule). */
export function decideDetach(
  snap: AdSnapshot,
  va: AdAttachment,
  requestedAt: number,
  opts: AdOptions,
): DetachDecision {
  const node = snap.nodes.get(va.node);
  const elapsed = opts.now - requestedAt;
  const timeout = elapsed > opts.maxWaitForUnmountMs;
  const healthy = node?.ready ?? false;
  const outOfService = node?.outOfService ?? false;
  const mounted = node
    ? node.volumesInUse.includes(uniqueVolumeName(handleOf(snap, va.pv), opts.driver))
    : true;
  const forceDetach = !healthy && timeout;
  if (mounted && !forceDetach && !outOfService) {
    return healthy
      ? { detach: false }
      : { detach: false, waitMs: opts.maxWaitForUnmountMs - elapsed + 1 };
  }
  const what = `volume "${va.pv}" from node "${va.node}"`;
  if (!mounted) return { detach: true, log: `attacherDetacher.DetachVolume started for ${what}` };
  if (forceDetach) {
    return {
      detach: true,
      log: `attacherDetacher.DetachVolume started for ${what}: this volume is not safe to detach, but maxWaitForUnmountDuration ${goDuration(opts.maxWaitForUnmountMs)} expired, force detaching`,
    };
  }
  return {
    detach: true,
    log: `attacherDetacher.DetachVolume started for ${what}: node has out-of-service taint, force detaching`,
  };
}

/** The Multi-Attach error message for one pod, naming the pods that use the volume elsewhere. */
export function multiAttachMessage(
  pv: string,
  pod: KubeObject,
  others: readonly KubeObject[],
): string {
  const prefix = `Multi-Attach error for volume "${pv}"`;
  if (others.length === 0) return `${prefix} ${C.MULTI_ATTACH_EXCLUSIVE}`;
  const same = others
    .filter((o) => o.metadata.namespace === pod.metadata.namespace)
    .map((o) => o.metadata.name ?? '');
  const elsewhere = others.length - same.length;
  if (same.length === 0)
    return `${prefix} Volume is already used by ${String(elsewhere)} pod(s) in different namespaces`;
  const used = `${prefix} Volume is already used by pod(s) ${same.join(', ')}`;
  return elsewhere > 0 ? `${used} and ${String(elsewhere)} pod(s) in different namespaces` : used;
}

function planDetaches(
  snap: AdSnapshot,
  desired: Map<string, Desired>,
  state: AdState,
  opts: AdOptions,
  plan: AdPlan,
): Set<string> {
  const detaching = new Set<string>();
  for (const va of snap.attachments) {
    if (desired.has(dkey(va.pv, va.node))) {
      state.detachRequestedAt.delete(va.name);
      continue;
    }
    if (va.deleting) continue;
    const requestedAt = state.detachRequestedAt.get(va.name) ?? opts.now;
    state.detachRequestedAt.set(va.name, requestedAt);
    const d = decideDetach(snap, va, requestedAt, opts);
    if (d.waitMs !== undefined)
      plan.requeueAfterMs = Math.min(plan.requeueAfterMs ?? Infinity, d.waitMs);
    if (!d.detach) continue;
    detaching.add(va.name);
    plan.actions.push({
      type: 'detach',
      name: va.name,
      pv: va.pv,
      node: va.node,
      log: d.log ?? '',
    });
  }
  return detaching;
}

function report(state: AdState, key: string, action: AdAction, plan: AdPlan): void {
  if (state.reported.has(key)) return;
  state.reported.add(key);
  plan.actions.push(action);
}

interface PlanCtx {
  snap: AdSnapshot;
  desired: Map<string, Desired>;
  detaching: Set<string>;
  state: AdState;
  opts: AdOptions;
}

function planAttaches({ snap, desired, detaching, state, opts }: PlanCtx, plan: AdPlan): void {
  for (const d of desired.values()) {
    const pv = d.pv.metadata.name ?? '';
    const existing = snap.attachments.find((a) => a.pv === pv && a.node === d.node);
    if (existing?.attached && !existing.deleting) {
      for (const pod of d.pods) {
        const ev: AdAction = {
          type: 'event',
          pod,
          eventType: 'Normal',
          reason: 'SuccessfulAttachVolume',
          message: C.msgAttachOk(pv),
        };
        report(state, `attached|${pod.metadata.uid ?? ''}|${pv}`, ev, plan);
      }
      continue;
    }
    if (existing) continue;
    const elsewhere = snap.attachments.filter((a) => a.pv === pv && a.node !== d.node);
    if (elsewhere.length > 0 && !multiAttachAllowed(d.pv)) {
      // Being detached right now: attach once it is gone, without a spurious Multi-Attach error.
      if (elsewhere.every((a) => a.deleting || detaching.has(a.name))) continue;
      const others = [...desired.values()]
        .filter((o) => o.pv.metadata.name === pv && o.node !== d.node)
        .flatMap((o) => o.pods);
      for (const pod of d.pods) {
        const ev: AdAction = {
          type: 'event',
          pod,
          eventType: 'Warning',
          reason: 'FailedAttachVolume',
          message: multiAttachMessage(pv, pod, others),
        };
        report(state, `multi|${pod.metadata.uid ?? ''}|${pv}`, ev, plan);
      }
      continue;
    }
    const name = attachmentName(d.pv.spec.csi?.volumeHandle ?? pv, opts.driver, d.node);
    plan.actions.push({ type: 'attach', name, pv, node: d.node });
  }
}

function planNodeStatus(
  snap: AdSnapshot,
  detaching: Set<string>,
  opts: AdOptions,
  plan: AdPlan,
): void {
  for (const node of snap.nodes.values()) {
    const names = snap.attachments
      .filter((a) => a.node === node.name && a.attached && !a.deleting && !detaching.has(a.name))
      .map((a) => uniqueVolumeName(handleOf(snap, a.pv), opts.driver))
      .sort();
    if (JSON.stringify(names) === JSON.stringify([...node.volumesAttached].sort())) continue;
    plan.actions.push({
      type: 'node-volumes',
      node: node.name,
      volumesAttached: names.map((name) => ({ name, devicePath: '' })),
    });
  }
}

/** Forgets reported events of pods that are gone and request times of attachments that are gone. */
function prune(snap: AdSnapshot, state: AdState): void {
  const uids = new Set(snap.pods.map((p) => p.metadata.uid ?? ''));
  for (const k of state.reported) if (!uids.has(k.split('|')[1] ?? '')) state.reported.delete(k);
  const names = new Set(snap.attachments.map((a) => a.name));
  for (const k of state.detachRequestedAt.keys())
    if (!names.has(k)) state.detachRequestedAt.delete(k);
}

/** One reconcile: node status first (as upstream marks a volume detached before detaching), then detach, attach, events. */
export function planAttachDetach(snap: AdSnapshot, state: AdState, opts: AdOptions): AdPlan {
  const desired = desiredAttachments(snap, opts.driver);
  const plan: AdPlan = { actions: [] };
  const detaching = planDetaches(snap, desired, state, opts, plan);
  planAttaches({ snap, desired, detaching, state, opts }, plan);
  planNodeStatus(snap, detaching, opts, plan);
  prune(snap, state);
  const order = { 'node-volumes': 0, detach: 1, attach: 2, event: 3 } as const;
  plan.actions.sort((a, b) => order[a.type] - order[b.type]);
  return plan;
}
