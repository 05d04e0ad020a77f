// The container instances of one pod: starting (with events), exits, probes, stopping, and
// adopting the processes a previous kubelet run left behind.
import { join } from 'node:path';
import type { BackoffEntry } from './backoff.ts';
import { launchContainer } from './container-start.ts';
import { stopContainer } from './container-stop.ts';
import type { KubeletDeps } from './deps.ts';
import type { ExecTarget } from './exec.ts';
import { ContainerProbes } from './probe-loop.ts';
import { unhealthyMessage, type ProbeKind } from './probe-state.ts';
import { killMountNamespace, mountNamespaceOf } from './mount-namespace.ts';
import { isRunning, newRecord, type ContainerRecord } from './records.ts';
import { isSameProcess, signalGroup, type ExitInfo } from './runtime.ts';
import type { Container, Pod } from './types.ts';

/** What the containers need from their pod worker. */
export interface ContainerHost {
  /** The pod as containers see it (IPs filled in). */
  pod(): Pod;
  podDir: string;
  podIP(): string;
  volumePaths(): Record<string, string>;
  /** Something changed: sync the pod. */
  kick(): void;
  /** Records changed: persist them. */
  persist(): void;
  /** Wake the worker after `ms` (back-off). */
  wakeIn(ms: number): void;
}

/** The containers of one pod. */
export class PodContainers {
  readonly records = new Map<string, ContainerRecord>();
  private readonly deps: KubeletDeps;
  private readonly host: ContainerHost;
  private readonly probes = new Map<string, ContainerProbes>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly instance = new Map<string, number>();

  constructor(deps: KubeletDeps, host: ContainerHost) {
    this.deps = deps;
    this.host = host;
  }

  private emit(type: 'Normal' | 'Warning', reason: string, message: string, c: string): void {
    this.deps.events.emit(this.host.pod(), type, reason, message, c);
  }

  /** How to run commands in a container instance (exec endpoint and probes). */
  execTarget(rec: ContainerRecord): ExecTarget & { podIP: string } {
    const { pid = 0, env = {}, workingDir } = rec;
    return { pid, env, workingDir, namespace: this.deps.namespace, podIP: this.host.podIP() };
  }

  /** Starts a new instance of `c`. */
  async start(c: Container, init: boolean, backoff: BackoffEntry | undefined): Promise<void> {
    const rec = this.records.get(c.name) ?? newRecord(c.name, c.image ?? '', init);
    this.records.set(c.name, rec);
    const count = rec.pid !== undefined || rec.terminated ? rec.restartCount + 1 : rec.restartCount;
    const inst = (this.instance.get(c.name) ?? 0) + 1;
    this.instance.set(c.name, inst);
    const ctx = {
      pod: this.host.pod(),
      podDir: this.host.podDir,
      podIP: this.host.podIP(),
      volumePaths: this.host.volumePaths(),
      hostsFile: join(this.host.podDir, 'etc-hosts'),
    };
    // An exit seen before the launch returns is applied once the record describes the instance.
    let launched = false;
    let early: ExitInfo | undefined;
    const out = await launchContainer(c, count, ctx, this.deps, (info) => {
      if (launched) this.onExit(c.name, inst, info);
      else early = info;
    });
    launched = true;
    const now = this.deps.clock.now();
    if (backoff) rec.backoff = backoff;
    if (out.kind === 'failed') return this.startFailed(c, rec, out, now);
    if (rec.terminated) rec.lastTerminated = rec.terminated;
    delete rec.terminated;
    delete rec.waiting;
    delete rec.failedAt;
    const { pid, procStart, env, workingDir, imageID } = out;
    delete rec.mntNs;
    Object.assign(rec, {
      restartCount: count,
      pid,
      procStart,
      startedAt: now,
      env,
      workingDir,
      imageID,
    });
    const ns = this.deps.namespace ? mountNamespaceOf(pid) : undefined;
    if (ns !== undefined) rec.mntNs = ns;
    rec.started = !c.startupProbe;
    rec.ready = !init && rec.started && !c.readinessProbe;
    this.emit(
      'Normal',
      'Pulled',
      `Container image "${c.image ?? ''}" already present on machine`,
      c.name,
    );
    this.emit('Normal', 'Created', `Created container: ${c.name}`, c.name);
    this.emit('Normal', 'Started', `Started container ${c.name}`, c.name);
    if (!init) this.startProbes(c, rec);
    this.host.persist();
    if (early) this.onExit(c.name, inst, early);
  }

  private startFailed(
    c: Container,
    rec: ContainerRecord,
    out: { reason: string; message: string },
    now: number,
  ): void {
    rec.waiting = { reason: out.reason, message: out.message };
    rec.failedAt = now;
    const pull = out.reason === 'ErrImagePull';
    if (pull) {
      this.emit('Normal', 'Pulling', `Pulling image "${c.image ?? ''}"`, c.name);
      this.emit('Warning', 'Failed', out.message, c.name);
    } else delete rec.backoff;
    this.emit('Warning', 'Failed', `Error: ${pull ? out.reason : out.message}`, c.name);
    this.host.wakeIn(pull ? (rec.backoff?.backoffMs ?? 1000) : this.deps.timings.kubeletSyncMs * 4);
  }

  private startProbes(c: Container, rec: ContainerRecord): void {
    this.probes.get(c.name)?.stop();
    const probes = new ContainerProbes(
      c,
      {
        target: () => (isRunning(rec) ? this.execTarget(rec) : undefined),
        onResult: (kind, ok) => this.onProbeResult(c, rec, kind, ok),
        onAttemptFailed: (kind, output) =>
          this.emit('Warning', 'Unhealthy', unhealthyMessage(kind, output), c.name),
      },
      this.deps.clock,
    );
    this.probes.set(c.name, probes);
    probes.start();
  }

  private onProbeResult(c: Container, rec: ContainerRecord, kind: ProbeKind, ok: boolean): void {
    if (kind === 'startup' && ok) {
      rec.started = true;
      if (!c.readinessProbe) rec.ready = true;
    }
    if (kind === 'readiness') rec.ready = ok && rec.started;
    if ((kind === 'liveness' || kind === 'startup') && !ok) {
      this.emit(
        'Normal',
        'Killing',
        `Container ${c.name} failed ${kind} probe, will be restarted`,
        c.name,
      );
      const probe = kind === 'liveness' ? c.livenessProbe : c.startupProbe;
      const grace =
        probe?.terminationGracePeriodSeconds ??
        this.host.pod().spec.terminationGracePeriodSeconds ??
        30;
      void this.stop(c, grace * 1000);
    }
    this.host.kick();
  }

  private onExit(name: string, inst: number, info: ExitInfo): void {
    const rec = this.records.get(name);
    if (!rec || this.instance.get(name) !== inst) return;
    const reason = info.exitCode === 0 ? 'Completed' : 'Error';
    // Whatever the container started dies with it (PostgreSQL leaves the agent's process group).
    if (rec.mntNs) killMountNamespace(rec.mntNs);
    this.markExited(rec, {
      exitCode: info.exitCode,
      reason,
      ...(info.signal ? { signal: info.signal } : {}),
    });
  }

  private markExited(
    rec: ContainerRecord,
    how: { exitCode: number; reason: string; signal?: number; message?: string },
  ): void {
    this.probes.get(rec.name)?.stop();
    const now = this.deps.clock.now();
    const containerID = `steward://${String(rec.pid ?? 0)}`;
    rec.terminated = { ...how, startedAt: rec.startedAt ?? now, finishedAt: now, containerID };
    rec.started = false;
    rec.ready = rec.init && how.exitCode === 0;
    for (const w of this.waiters.get(rec.name) ?? []) w();
    this.waiters.delete(rec.name);
    this.host.persist();
    this.host.kick();
  }

  private exited(rec: ContainerRecord): Promise<void> {
    if (!isRunning(rec)) return Promise.resolve();
    return new Promise((resolve) =>
      this.waiters.set(rec.name, [...(this.waiters.get(rec.name) ?? []), resolve]),
    );
  }

  /** Stops a running container: preStop, SIGTERM, SIGKILL after `graceMs`. */
  stop(c: Container, graceMs: number): Promise<void> {
    const rec = this.records.get(c.name);
    if (!rec || !isRunning(rec)) return Promise.resolve();
    const target = { container: c, exec: this.execTarget(rec), exited: this.exited(rec) };
    return stopContainer(target, graceMs, this.deps.clock, (m) =>
      this.emit('Warning', 'FailedPreStopHook', `PreStopHook failed: ${m}`, c.name),
    );
  }

  /** Stops every running container of the pod (pod termination). */
  async stopAll(graceMs: number): Promise<void> {
    const spec = this.host.pod().spec;
    const all = [...(spec.initContainers ?? []), ...spec.containers];
    const running = all.filter((c) => isRunning(this.records.get(c.name)));
    for (const c of running) this.emit('Normal', 'Killing', `Stopping container ${c.name}`, c.name);
    await Promise.all(running.map((c) => this.stop(c, graceMs)));
    this.stopProbes();
  }

  /** SIGKILLs every running instance and waits for the exits. */
  async killAll(): Promise<void> {
    this.stopProbes();
    const running = [...this.records.values()].filter(isRunning);
    for (const r of running) signalGroup(r.pid ?? 0, 'SIGKILL');
    await Promise.all(running.map((r) => this.exited(r)));
  }

  stopProbes(): void {
    for (const p of this.probes.values()) p.stop();
  }

  /** Takes over records (and live processes) persisted by a previous kubelet run. */
  adopt(records: ContainerRecord[]): void {
    for (const rec of records) {
      this.records.set(rec.name, rec);
      if (!isRunning(rec)) continue;
      if (!isSameProcess(rec.pid ?? 0, rec.procStart)) {
        this.markLost(rec);
        continue;
      }
      this.watchAdopted(rec);
      const c = this.host.pod().spec.containers.find((x) => x.name === rec.name);
      if (c && !rec.init) this.startProbes(c, rec);
    }
  }

  /** Polls an adopted process (not our child: no exit event) until it is gone. */
  private watchAdopted(rec: ContainerRecord): void {
    const poll = (): void => {
      if (!isRunning(rec)) return;
      if (isSameProcess(rec.pid ?? 0, rec.procStart)) this.deps.clock.setTimeout(poll, 500);
      else this.markLost(rec);
    };
    poll();
  }

  private markLost(rec: ContainerRecord): void {
    const message = 'The container could not be located when the pod was terminated';
    this.markExited(rec, { exitCode: 137, reason: 'ContainerStatusUnknown', message });
  }
}
