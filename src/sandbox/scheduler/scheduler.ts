// The sandbox's kube-scheduler: a control-plane component that binds pending pods one at a time
// (pure `schedule` + applier), retries unschedulable pods when the cluster changes (with per-pod
// back-off, and at least every `schedulerMaxUnschedulableMs`), and waits for WaitForFirstConsumer
// volumes to bind before binding their pod, as upstream's VolumeBinding PreBind does.
import type { Clock, TimerHandle } from '../../lib/clock.ts';
import type { KubeObject } from '../apiserver/types.ts';
import type { Component, ControlPlaneContext } from '../cluster/context.ts';
import { R, type LocalClient } from '../controllers/local-client.ts';
import { Controller, keyOf, splitKey, type ReconcileResult } from '../controllers/runtime.ts';
import type { SandboxTimings } from '../config.ts';
import {
  applyVolumes,
  bind,
  recordFailure,
  setScheduledCondition,
  type ApplierDeps,
} from './applier.ts';
import {
  backoffMs,
  mayHelpUnschedulable,
  needsScheduling,
  pendingPodChanged,
  SCHEDULER_NAME,
} from './queueing.ts';
import { schedule } from './schedule.ts';
import { buildSnapshot } from './snapshot.ts';
import type { Pod, Pvc } from './types.ts';
import { SELECTED_NODE } from './volumes.ts';

interface Waiting {
  node: string;
  claims: string[];
  provisioned: string[];
  deadline: number;
}

/** Options of the scheduler component. */
export interface SchedulerOptions {
  /** Random source for ties between equally good nodes (upstream picks at random). */
  random?: () => number;
}

/** Schedules pods; state: unschedulable pods (attempts, last try) and pods waiting on volumes. */
export class SchedulerCore {
  readonly unschedulable = new Map<string, { attempts: number; last: number }>();
  readonly waiting = new Map<string, Waiting>();
  private readonly deps: ApplierDeps;
  private readonly timings: SandboxTimings;
  private readonly random: (() => number) | undefined;

  constructor(deps: ApplierDeps, timings: SandboxTimings, opts: SchedulerOptions = {}) {
    this.deps = deps;
    this.timings = timings;
    this.random = opts.random;
  }

  /** Keys of pods waiting for the scheduler. */
  pendingKeys(): string[] {
    return this.deps.client.list<Pod>(R.pods).filter(needsScheduling).map(keyOf);
  }

  /** Delay before retrying an unschedulable pod (its remaining back-off). */
  retryDelay(key: string): number {
    const u = this.unschedulable.get(key);
    if (!u) return 0;
    const t = this.timings;
    const wait = backoffMs(u.attempts, t.schedulerPodInitialBackoffMs, t.schedulerPodMaxBackoffMs);
    return Math.max(0, u.last + wait - this.deps.now());
  }

  /** One scheduling attempt for a pod key. */
  reconcile(key: string): ReconcileResult {
    const { namespace, name } = splitKey(key);
    const pod = this.deps.client.get<Pod>(R.pods, namespace, name);
    if (!pod || !needsScheduling(pod)) {
      this.unschedulable.delete(key);
      this.waiting.delete(key);
      return 'done';
    }
    if ((pod.spec.schedulingGates ?? []).length > 0) {
      const message = 'Scheduling is blocked due to non-empty scheduling gates';
      setScheduledCondition(this.deps, pod, {
        status: 'False',
        reason: 'SchedulingGated',
        message,
      });
      return 'done';
    }
    const waiting = this.waiting.get(key);
    if (waiting) return this.continueBinding(key, pod, waiting);
    const assumed = new Map([...this.waiting].map(([k, w]) => [k, w.node]));
    const result = schedule(pod, buildSnapshot(this.deps.client, assumed), {
      ...(this.random ? { random: this.random } : {}),
    });
    if ('unschedulable' in result) {
      this.fail(key, pod, 'Unschedulable', result.unschedulable.message);
      return 'done';
    }
    const { node, volumes } = result;
    if (volumes.provision.length === 0 && volumes.staticBindings.length === 0) {
      this.bound(key, pod, node);
      return 'done';
    }
    applyVolumes(this.deps, pod, node, volumes);
    const w: Waiting = {
      node,
      claims: [...volumes.provision, ...volumes.staticBindings.map((b) => b.claim)],
      provisioned: volumes.provision,
      deadline: this.deps.now() + this.timings.schedulerBindTimeoutMs,
    };
    this.waiting.set(key, w);
    return this.continueBinding(key, pod, w);
  }

  /** Pods waiting on a claim (to wake them when it changes). */
  waitingOn(pvc: KubeObject): string[] {
    const ns = pvc.metadata.namespace ?? '';
    return [...this.waiting]
      .filter(([k, w]) => k.startsWith(`${ns}/`) && w.claims.includes(pvc.metadata.name ?? ''))
      .map(([k]) => k);
  }

  private continueBinding(key: string, pod: Pod, w: Waiting): ReconcileResult {
    const ns = pod.metadata.namespace;
    let pending = false;
    for (const claim of w.claims) {
      const pvc = this.deps.client.get<Pvc>(R.pvcs, ns, claim);
      if (!pvc) return this.bindFailed(key, pod, `persistentvolumeclaim "${claim}" not found`);
      if (
        w.provisioned.includes(claim) &&
        !pvc.spec.volumeName &&
        pvc.metadata.annotations?.[SELECTED_NODE] !== w.node
      )
        return this.bindFailed(key, pod, `selectedNode annotation reset for PVC "${claim}"`);
      if (!pvc.spec.volumeName || pvc.status?.phase !== 'Bound') pending = true;
    }
    if (!pending) {
      this.waiting.delete(key);
      this.bound(key, pod, w.node);
      return 'done';
    }
    const left = w.deadline - this.deps.now();
    if (left <= 0) return this.bindFailed(key, pod, 'context deadline exceeded');
    return { requeueAfterMs: Math.min(left, 1_000) };
  }

  private bindFailed(key: string, pod: Pod, why: string): ReconcileResult {
    this.waiting.delete(key);
    const msg = `running PreBind plugin "VolumeBinding": binding volumes: ${why}`;
    this.fail(key, pod, 'SchedulerError', msg);
    return 'done';
  }

  private bound(key: string, pod: Pod, node: string): void {
    bind(this.deps, pod, node);
    this.unschedulable.delete(key);
  }

  private fail(key: string, pod: Pod, reason: string, message: string): void {
    recordFailure(this.deps, pod, reason, message);
    const prev = this.unschedulable.get(key);
    this.unschedulable.set(key, { attempts: (prev?.attempts ?? 0) + 1, last: this.deps.now() });
  }
}

/** Wires the core to store changes, a work queue and a periodic flush. */
function subscribe(client: LocalClient, core: SchedulerCore, ctl: Controller): (() => void)[] {
  const retryAll = (): void => {
    for (const k of core.unschedulable.keys()) ctl.enqueue(k, core.retryDelay(k));
  };
  const onPod = (type: string, obj: KubeObject, prev: KubeObject | undefined): void => {
    const pod = obj as Pod;
    if (
      type !== 'DELETED' &&
      needsScheduling(pod) &&
      pendingPodChanged(pod, prev as Pod | undefined)
    )
      ctl.enqueue(keyOf(pod), core.retryDelay(keyOf(pod)));
    if (type === 'DELETED') core.unschedulable.delete(keyOf(pod));
    if (mayHelpUnschedulable('pods', type, obj, prev)) retryAll();
  };
  const onStorage = (type: string, obj: KubeObject, prev: KubeObject | undefined): void => {
    for (const k of core.waitingOn(obj)) ctl.enqueue(k);
    if (mayHelpUnschedulable('storage', type, obj, prev)) retryAll();
  };
  return [
    client.watch(R.pods, onPod),
    client.watch(R.nodes, (t, o, p) => {
      if (mayHelpUnschedulable('nodes', t, o, p)) retryAll();
    }),
    client.watch(R.pvcs, onStorage),
    client.watch(R.pvs, onStorage),
    client.watch(R.storageclasses, onStorage),
  ];
}

function startFlush(
  clock: Clock,
  everyMs: number,
  core: SchedulerCore,
  ctl: Controller,
): () => void {
  let handle: TimerHandle | undefined;
  const tick = (): void => {
    for (const [k, u] of core.unschedulable) if (clock.now() - u.last >= everyMs) ctl.enqueue(k);
    handle = clock.setTimeout(tick, Math.max(100, Math.min(everyMs, 30_000)));
  };
  handle = clock.setTimeout(tick, Math.max(100, Math.min(everyMs, 30_000)));
  return () => {
    if (handle) clock.clearTimeout(handle);
  };
}

/** Starts the scheduler component. */
export function startScheduler(ctx: ControlPlaneContext, opts: SchedulerOptions = {}): Component {
  const client = ctx.client(SCHEDULER_NAME);
  const deps: ApplierDeps = {
    client,
    recorder: ctx.recorder(SCHEDULER_NAME),
    now: () => ctx.clock.now(),
  };
  const core = new SchedulerCore(deps, ctx.timings, { random: opts.random ?? Math.random });
  const ctl = new Controller(
    {
      name: SCHEDULER_NAME,
      watches: [],
      initialKeys: () => core.pendingKeys(),
      reconcile: (k) => core.reconcile(k),
    },
    { client, clock: ctx.clock, log: ctx.log },
  );
  const unsubscribe = subscribe(client, core, ctl);
  const stopFlush = startFlush(ctx.clock, ctx.timings.schedulerMaxUnschedulableMs, core, ctl);
  ctl.start(1);
  return {
    async stop() {
      for (const u of unsubscribe) u();
      stopFlush();
      await ctl.stop();
    },
  };
}
