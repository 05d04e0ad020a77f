// One pod on this node: prepares its sandbox (IP, hosts file, volumes), starts and restarts its
// containers as planned, posts status, and terminates it when it is deleted.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TimerHandle } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import { finalDelete } from './api-pods.ts';
import { writeInPlace } from './atomic-writer.ts';
import { PodContainers } from './containers.ts';
import type { KubeletDeps } from './deps.ts';
import { withRuntimeIPs } from './env.ts';
import { renderHosts } from './hosts.ts';
import { planPod, type ContainerAction } from './pod-plan.ts';
import { buildPodStatus } from './pod-status.ts';
import { loadPodState, savePodState } from './state-file.ts';
import type { Pod } from './types.ts';
import { resizeSuccessMessage } from './volume-resize.ts';
import { prepareVolumes } from './volumes.ts';
import { isRunning } from './records.ts';

const TERMINAL = new Set(['Succeeded', 'Failed']);

/** What a worker tells the kubelet. */
export interface WorkerHooks {
  /** The pod's volumesInUse changed. */
  volumes(): void;
  /** Its container processes changed (started or exited). */
  processes(): void;
}

/** Drives one pod. */
export class PodWorker {
  pod: Pod;
  readonly uid: string;
  readonly podDir: string;
  readonly containers: PodContainers;
  /** volumesInUse entries of this pod's mounted PVCs. */
  inUse: string[] = [];
  private readonly deps: KubeletDeps;
  private readonly hooks: WorkerHooks;
  private ip: string | undefined;
  private startTime: number | undefined;
  private sandboxReady = false;
  private volumesAt = 0;
  private volumePaths: Record<string, string> = {};
  private initDone = false;
  private initFailed = false;
  private syncing = false;
  private again = false;
  private terminating: Promise<void> | undefined;
  private gone = false;
  private lastPosted = '';
  private lastMountMsg = '';
  private lastError = '';
  private wake: TimerHandle | undefined;

  constructor(pod: Pod, deps: KubeletDeps, hooks: WorkerHooks) {
    this.pod = pod;
    this.uid = pod.metadata.uid ?? '';
    this.deps = deps;
    this.hooks = hooks;
    this.podDir = join(deps.nodeDir, 'pods', this.uid);
    mkdirSync(this.podDir, { recursive: true });
    this.containers = new PodContainers(deps, {
      pod: () => withRuntimeIPs(this.pod, this.ip, deps.node.address),
      podDir: this.podDir,
      podIP: () => this.ip ?? '',
      volumePaths: () => this.volumePaths,
      kick: () => this.kick(),
      persist: () => this.persist(),
      wakeIn: (ms) => this.wakeIn(ms),
    });
    const saved = loadPodState(this.podDir);
    if (saved?.startTime !== undefined) this.startTime = saved.startTime;
    if (saved) this.containers.adopt(saved.records);
  }

  /** The container records (for the logs and exec endpoints). */
  get records(): PodContainers['records'] {
    return this.containers.records;
  }

  /** A new version of the pod from the API server. */
  update(pod: Pod): void {
    this.pod = pod;
    this.kick();
  }

  /** Schedules a sync now. */
  kick(): void {
    void this.sync();
  }

  /** Runs syncs one at a time (a request during a sync runs another after it). */
  async sync(): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.again = false;
        await this.syncOnce().then(
          () => (this.lastError = ''),
          (err: unknown) => this.syncFailed(err),
        );
      } while (this.again && !this.gone);
    } finally {
      this.syncing = false;
    }
  }

  /** Logs a sync failure once per distinct message (a partitioned node fails every sync). */
  private syncFailed(err: unknown): void {
    const msg = errorMessage(err);
    if (msg !== this.lastError) this.deps.log.warn('pod sync failed', { pod: this.key, err: msg });
    this.lastError = msg;
  }

  private get key(): string {
    return `${this.pod.metadata.namespace ?? ''}/${this.pod.metadata.name ?? ''}`;
  }

  private async syncOnce(): Promise<void> {
    if (this.gone) return;
    if (this.pod.metadata.deletionTimestamp) return this.terminate();
    if (!TERMINAL.has(this.pod.status?.phase ?? '')) await this.syncLive();
    await this.postStatus();
  }

  private async syncLive(): Promise<void> {
    const now = this.deps.clock.now();
    this.ip ??= this.deps.ips.allocate(this.uid);
    this.startTime ??= now;
    this.writeHosts();
    const stale = now - this.volumesAt > 10 * this.deps.timings.kubeletSyncMs;
    if ((!this.sandboxReady || stale) && !(await this.mountVolumes(now))) return;
    const t = this.deps.timings;
    const cfg = {
      initialMs: t.crashLoopBackoffInitialMs,
      maxMs: t.crashLoopBackoffMaxMs,
      resetMs: t.crashLoopResetMs,
    };
    const m = this.pod.metadata;
    const ref = { name: m.name ?? '', namespace: m.namespace ?? '', uid: this.uid };
    const plan = planPod(this.pod.spec, this.records, ref, now, cfg);
    this.initDone = plan.initDone;
    this.initFailed = plan.initFailed;
    for (const a of plan.actions) await this.apply(a);
  }

  private async mountVolumes(now: number): Promise<boolean> {
    const v = await prepareVolumes(withRuntimeIPs(this.pod, this.ip, this.deps.node.address), {
      client: this.deps.client,
      nodeName: this.deps.node.name,
      stateDir: this.deps.stateDir,
      podDir: this.podDir,
      caCert: this.deps.caCert,
      nowMs: () => this.deps.clock.now(),
      token: (pod, src) => this.deps.tokens.token(pod, src),
      podRunning: [...this.records.values()].some((r) => isRunning(r)),
      warn: (msg) => this.deps.log.warn(msg, { pod: this.key }),
    });
    if (!v.ok) {
      if (v.message !== this.lastMountMsg)
        this.deps.events.emit(this.pod, 'Warning', 'FailedMount', v.message);
      this.lastMountMsg = v.message;
      return this.sandboxReady;
    }
    this.volumePaths = v.paths;
    this.volumesAt = now;
    for (const pv of v.resized) {
      const msg = resizeSuccessMessage(pv, this.deps.node.name);
      this.deps.events.emit(this.pod, 'Normal', 'FileSystemResizeSuccessful', msg);
    }
    this.sandboxReady = true;
    if (v.inUse.join() !== this.inUse.join()) {
      this.inUse = v.inUse;
      this.hooks.volumes();
    }
    return true;
  }

  private writeHosts(): void {
    if (!this.ip) return;
    const { metadata: m, spec } = this.pod;
    const who = {
      name: m.name ?? '',
      namespace: m.namespace ?? '',
      ip: this.ip,
      hostname: spec.hostname,
      subdomain: spec.subdomain,
    };
    const text = renderHosts(who, this.deps.clusterDomain, this.deps.dnsHosts());
    // Rewritten in place: the file is bind-mounted, a rename would not be seen by the container.
    writeInPlace(join(this.podDir, 'etc-hosts'), text);
  }

  private async apply(a: ContainerAction): Promise<void> {
    if (a.type === 'start') return this.containers.start(a.container, a.init, a.backoff);
    const rec = this.records.get(a.name);
    if (!rec) return;
    if (rec.waiting?.reason !== a.reason) {
      const { name = '', namespace = '' } = this.pod.metadata;
      const pull = a.reason === 'ImagePullBackOff';
      const msg = pull
        ? a.message
        : `Back-off restarting failed container ${a.name} in pod ${name}_${namespace}(${this.uid})`;
      this.deps.events.emit(this.pod, pull ? 'Normal' : 'Warning', 'BackOff', msg, a.name);
    }
    rec.waiting = { reason: a.reason, message: a.message };
    this.wakeIn(a.waitMs);
  }

  private wakeIn(ms: number): void {
    if (this.wake) this.deps.clock.clearTimeout(this.wake);
    this.wake = this.deps.clock.setTimeout(() => this.kick(), Math.max(ms, 10));
  }

  private async postStatus(finalPhase?: string): Promise<void> {
    const facts = {
      spec: this.pod.spec,
      records: this.records,
      podIP: this.ip,
      hostIP: this.deps.node.address,
      startTime: this.startTime,
      sandboxReady: this.sandboxReady,
      initDone: this.initDone,
      initFailed: this.initFailed,
      prevConditions: this.pod.status?.conditions ?? [],
    };
    const status = buildPodStatus(facts, this.deps.clock.now());
    const prevPhase = this.pod.status?.phase ?? '';
    if (finalPhase) status.phase = finalPhase;
    else if (TERMINAL.has(prevPhase)) status.phase = prevPhase;
    const text = JSON.stringify(status);
    if (text === this.lastPosted) return;
    const { name = '', namespace = '' } = this.pod.metadata;
    await this.deps.client.patch(`/api/v1/namespaces/${namespace}/pods/${name}/status`, { status });
    this.lastPosted = text;
  }

  private persist(): void {
    this.hooks.processes();
    const { name = '', namespace = '' } = this.pod.metadata;
    const startTime = this.startTime !== undefined ? { startTime: this.startTime } : {};
    savePodState(this.podDir, {
      uid: this.uid,
      namespace,
      name,
      ...startTime,
      records: [...this.records.values()],
    });
  }

  /** Graceful termination after a deletionTimestamp, then the final grace-0 DELETE. */
  terminate(): Promise<void> {
    this.terminating ??= this.runTermination().catch((err: unknown) => {
      this.terminating = undefined;
      throw err;
    });
    return this.terminating;
  }

  private async runTermination(): Promise<void> {
    const { metadata: m, spec } = this.pod;
    const grace = (m.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30) * 1000;
    await this.containers.stopAll(grace);
    const failed = spec.containers.some(
      (c) => (this.records.get(c.name)?.terminated?.exitCode ?? 0) !== 0,
    );
    const prev = this.pod.status?.phase ?? '';
    await this.postStatus(TERMINAL.has(prev) ? prev : failed ? 'Failed' : 'Succeeded').catch(
      () => undefined,
    );
    this.cleanupVolumes();
    await finalDelete(this.deps.client, this.pod);
  }

  private cleanupVolumes(): void {
    rmSync(join(this.podDir, 'volumes'), { recursive: true, force: true });
    if (this.inUse.length > 0) {
      this.inUse = [];
      this.hooks.volumes();
    }
  }

  /** The pod is gone from the API server: kill what is left and remove its files. */
  async remove(): Promise<void> {
    this.gone = true;
    if (this.wake) this.deps.clock.clearTimeout(this.wake);
    await this.containers.killAll();
    this.cleanupVolumes();
    rmSync(this.podDir, { recursive: true, force: true });
    this.hooks.processes();
    this.deps.ips.release(this.uid);
    this.deps.tokens.forget(this.uid);
  }
}
