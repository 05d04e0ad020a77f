// The instance agent: each cycle observes, decides (decide.ts) and acts (actions.ts); the Lease is
// held by a LeaderElector whose gate is decideCandidacy; losing it fences PostgreSQL at once.
import {
  INSTANCE_ANNOTATIONS,
  type HandOver,
  type MemberStatus,
  type SyncState,
} from '../api/instance.ts';
import type { Clock } from '../lib/clock.ts';
import { errorMessage } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import { LeaderElector } from '../kube/leader-elector.ts';
import type { LeaderElectionRecord, LeaseLock } from '../kube/lease-lock.ts';
import { holderGoneReason } from './holder-gone.ts';
import { parseLsnOrNull, type Lsn } from '../postgres/lsn.ts';
import { runAction, type ActionContext } from './actions.ts';
import { loadClusterConfig, type ClusterConfig, type Identity } from './config.ts';
import {
  decide,
  decideCandidacy,
  type Decision,
  type LeaseView,
  type LocalView,
  type PeerView,
} from './decide.ts';
import type { AgentApi, MemberPod } from './kube-access.ts';
import { observeLocal, observePeers, type LocalObservation } from './observe.ts';
import type { PostgresManager } from './postgres-manager.ts';
import type { PgInstall } from '../postgres/process.ts';
import type { ProcessRunner } from '../postgres/runner.ts';
import { startStatusServer, type StatusServer } from './status-server.ts';
import { buildMemberStatus } from './member-status.ts';
import { describeSyncHealth } from './sync-health.ts';
import { guardDecision, WatchdogGuard } from './fence/watchdog-guard.ts';
import type { SupervisedWatchdog } from './fence/watchdog-supervisor.ts';
import type { SyncConfig } from './sync.ts';

/** Everything the agent needs, injected. */
export interface AgentDeps {
  identity: Identity;
  api: AgentApi;
  lock: LeaseLock;
  clock: Clock;
  logger: Logger;
  postgres: PostgresManager;
  runner: ProcessRunner;
  pg: PgInstall;
  pgMajor: number;
  pgVersion: string;
  /** Null: run without one (tests only; nothing fences a hung agent's primary). */
  watchdog: SupervisedWatchdog | null;
  /** Kills PostgreSQL at once (postmaster and every backend). */
  fence: () => Promise<void>;
  loopMs: number;
  /** How long a replica may fail to stream before it rewinds (default 15 s). */
  rejoinAfterMs?: number;
}

/** Mutable state shared by the agent and its actions. */
export interface AgentState {
  config: ClusterConfig | null;
  configProblem: string | null;
  local: LocalObservation | null;
  peers: PeerView[];
  /** Member pods as last listed. */
  pods: MemberPod[];
  decision: Decision;
  lastPrimaryLsn: Lsn | null;
  following: string | null;
  notStreamingSince: number | null;
  fenced: boolean;
  fencedAt: number;
  appliedSync: SyncConfig;
  /** The user parameters last written to postgresql.conf (JSON), '' before the first write. */
  writtenParameters: string;
  appliedSyncAtLsn: Lsn;
  lastCycleAt: number;
  leaseView: LeaseView;
}

/** One member's agent. */
export class Agent {
  readonly d: AgentDeps;
  readonly s: AgentState;
  private elector: LeaderElector | null = null;
  private electorRun: AbortController | null = null;
  private wakeUp: (() => void) | null = null;
  private server: StatusServer | null = null;
  private kick: NodeJS.Timeout | null = null;
  private readonly guard: WatchdogGuard | null;
  private lastPublished = '';
  private lastPublishAt = 0;

  constructor(deps: AgentDeps) {
    this.d = deps;
    this.guard = deps.watchdog && this.watchdogGuard(deps.watchdog);
    this.s = {
      config: null,
      configProblem: 'configuration not read yet',
      local: null,
      peers: [],
      pods: [],
      decision: { action: { kind: 'wait' }, sentence: 'starting' },
      lastPrimaryLsn: null,
      following: null,
      notStreamingSince: null,
      fenced: false,
      fencedAt: 0,
      appliedSync: { quorum: 0, members: [] },
      writtenParameters: '',
      appliedSyncAtLsn: 0n,
      lastCycleAt: 0,
      leaseView: {
        holder: '',
        expired: true,
        leading: false,
        sync: null,
        systemIdentifier: null,
        handOver: null,
      },
    };
  }

  /** Runs until `signal` aborts; then stops PostgreSQL and only then releases the Lease. */
  async run(signal: AbortSignal): Promise<void> {
    const id = this.d.identity;
    this.server = await startStatusServer(
      {
        status: () => this.status(),
        healthy: () =>
          this.d.clock.now() - this.s.lastCycleAt < 10 * Math.max(this.d.loopMs, 1_000),
        ready: () => this.readiness(),
        wake: () => this.wake(),
      },
      id.address,
      id.statusPort,
    );
    this.kick = setInterval(() => this.guard?.tick(), 250);
    try {
      await this.waitForConfig(signal);
      const electorDone = this.runElector(signal);
      await this.loop(signal);
      await this.shutdown();
      await electorDone;
    } finally {
      if (this.kick) clearInterval(this.kick);
      this.d.watchdog?.disarm();
      await this.server.close();
    }
  }

  /** Runs a cycle as soon as possible. */
  wake(): void {
    this.elector?.poke();
    this.wakeUp?.();
  }

  private async waitForConfig(signal: AbortSignal): Promise<void> {
    while (!signal.aborted && !this.s.config) {
      await this.refreshConfig();
      if (!this.s.config) {
        this.log('waiting', `waiting: ${this.s.configProblem ?? ''}`);
        await this.sleep(this.d.loopMs * 2, signal);
      }
    }
  }

  private async refreshConfig(): Promise<void> {
    try {
      const r = await loadClusterConfig(this.d.api, this.d.identity.cluster);
      if (r.ok) {
        this.s.config = r.config;
        this.s.configProblem = null;
      } else {
        this.s.configProblem = r.problem;
      }
    } catch (err) {
      // The API is unreachable: keep the last good configuration and decide with it.
      if (!this.s.config) this.s.configProblem = `cannot read the cluster: ${errorMessage(err)}`;
    }
  }

  private async runElector(signal: AbortSignal): Promise<void> {
    const t = this.s.config!.timings;
    this.elector = new LeaderElector({
      lock: this.d.lock,
      identity: this.d.identity.name,
      clock: this.d.clock,
      leaseDurationMs: t.leaseMs,
      renewDeadlineMs: t.renewMs,
      retryPeriodMs: t.retryMs,
      releaseOnCancel: true,
      logger: this.d.logger,
      canAcquire: () => this.candidacy(),
      holderGone: (record) => this.holderGone(record),
      callbacks: {
        onStartedLeading: (lead) => {
          this.log('leading', 'acquired the lease');
          lead.addEventListener('abort', () => void this.onLeadershipLost(lead.reason));
          this.wake();
        },
        onStoppedLeading: () => this.wake(),
      },
    });
    while (!signal.aborted) {
      this.electorRun = new AbortController();
      await this.elector.run(AbortSignal.any([signal, this.electorRun.signal]));
      if (!signal.aborted) await this.d.clock.sleep(t.retryMs, signal).catch(() => undefined);
    }
  }

  /** Gives up the Lease (the elector releases it when its run is cancelled). */
  releaseLease(): void {
    this.electorRun?.abort();
  }

  get leaderElector(): LeaderElector | null {
    return this.elector;
  }

  private async onLeadershipLost(reason: unknown): Promise<void> {
    const code = (reason as { code?: string } | undefined)?.code;
    this.d.watchdog?.disarm();
    if (code === 'LEADERSHIP_HANDED_OVER') return;
    if (this.d.postgres.running()) {
      // Fencing: strictly before anyone else may take the Lease (they wait leaseDuration from
      // when they saw our last renewal; we are at most renewDeadline past its start). Even a
      // server we believe to be a replica is killed: a promotion may be finishing right now.
      await this.d.fence();
      await this.d.postgres.forget();
      this.s.fenced = true;
      this.s.fencedAt = this.d.clock.now();
      this.log('fenced', 'fenced PostgreSQL: leadership ended without a hand-over');
    }
    this.wake();
  }

  /** Kicks the watchdog while leading; steps down when no watchdog can be armed (fence/watchdog-guard.ts). */
  private watchdogGuard(watchdog: SupervisedWatchdog): WatchdogGuard {
    return new WatchdogGuard({
      watchdog,
      clock: this.d.clock,
      leadershipDeadlineMs: () => (this.s.config && this.elector?.leadershipDeadlineMs()) ?? null,
      graceMs: () => this.s.config?.timings.renewMs ?? 10_000,
      stepDown: () => this.stepDown(),
      log: (event, sentence) => this.log(event, sentence),
    });
  }

  /** Fences PostgreSQL, and only then gives up the Lease: nobody may write meanwhile. */
  private async stepDown(): Promise<void> {
    if (this.d.postgres.running()) {
      await this.d.fence();
      await this.d.postgres.forget();
      this.s.fenced = true;
      this.s.fencedAt = this.d.clock.now();
    }
    this.releaseLease();
    this.wake();
  }

  /** True when the pods last listed show the lease holder's container exited (holder-gone.ts). */
  private holderGone(record: LeaderElectionRecord): boolean {
    const pod = this.s.pods.find((p) => p.name === record.holderIdentity);
    const why = holderGoneReason(record, pod?.exit ?? null);
    if (why !== null) this.log('holder-gone', why);
    return why !== null;
  }

  private async candidacy(): Promise<boolean> {
    await this.observe();
    const v = this.guard?.verdict();
    if (v && v.kind !== 'protected') {
      this.log('candidacy', v.sentence);
      return false;
    }
    const local = this.localView();
    const c = decideCandidacy({
      local,
      lease: this.s.leaseView,
      peers: this.s.peers,
      lastPrimaryLsn: this.s.lastPrimaryLsn,
      maximumLagBytes: this.s.config?.maximumLagBytes ?? null,
    });
    this.log('candidacy', c.sentence);
    return c.ok;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.cycle();
      await this.sleep(this.d.loopMs, signal);
    }
  }

  /** One cycle: observe, decide, act, publish. */
  async cycle(): Promise<void> {
    this.s.lastCycleAt = this.d.clock.now();
    await this.refreshConfig();
    await this.observe();
    const planned = decide({
      now: this.d.clock.now(),
      lease: this.s.leaseView,
      local: this.localView(),
      peers: this.s.peers,
      wish: {
        switchoverTo: this.switchoverTarget(),
        maximumLagBytes: this.s.config?.maximumLagBytes ?? null,
        rejoinAfterMs: this.d.rejoinAfterMs ?? 15_000,
        fencedWaitMs: 3 * (this.s.config?.timings.leaseMs ?? 15_000),
      },
    });
    const verdict = this.guard?.verdict() ?? { kind: 'protected' };
    const decision = guardDecision(planned, verdict);
    if (decision.sentence !== this.s.decision.sentence) this.log('decision', decision.sentence);
    // Not leading: look at the Lease every cycle (not only every jittered retry period), so an
    // expiry is seen, and the best candidate takes over, within one cycle.
    if (!this.s.leaseView.leading) this.elector?.poke();
    this.s.decision = decision;
    try {
      await runAction(this.actionContext(), decision.action);
    } catch (err) {
      this.s.decision = {
        action: decision.action,
        sentence: `${decision.sentence} — failed: ${errorMessage(err)}`,
      };
      this.log('action-failed', this.s.decision.sentence);
    }
    // A role change must reach the pod label (and so the Services) now, not a cycle later.
    const k = decision.action.kind;
    if (k === 'promote' || k === 'switchover') {
      this.s.local = await observeLocal(this.d, this.s).catch(() => this.s.local);
    }
    await this.publish();
  }

  private switchoverTarget(): string | null {
    const c = this.s.config;
    if (!c?.targetPrimary || c.targetPrimary === this.d.identity.name) return null;
    return c.currentPrimary === this.d.identity.name ? c.targetPrimary : null;
  }

  private actionContext(): ActionContext {
    return { agent: this, elector: this.elector!, deps: this.d, state: this.s };
  }

  /** Reads local PostgreSQL, peers and the Lease into the state. */
  async observe(): Promise<void> {
    this.s.local = await observeLocal(this.d, this.s);
    this.s.peers = await observePeers(this.d, this.s);
    const e = this.elector;
    if (e) {
      const { record, observedAtMs } = e.observedLease();
      const ann = e.observedAnnotations();
      const leaseMs = (record?.leaseDurationSeconds ?? 0) * 1000;
      this.s.leaseView = {
        holder: record?.holderIdentity ?? '',
        expired: !record || this.d.clock.now() > observedAtMs + leaseMs,
        leading: e.isLeader(),
        sync: parseJson<SyncState>(ann[INSTANCE_ANNOTATIONS.sync]),
        systemIdentifier: ann[INSTANCE_ANNOTATIONS.systemIdentifier] ?? null,
        handOver: parseJson<HandOver>(ann[INSTANCE_ANNOTATIONS.handOver]),
      };
    }
    const leader = this.s.peers.find((p) => p.name === this.s.leaseView.holder)?.status;
    if (leader?.role === 'primary' && leader.lsn)
      this.s.lastPrimaryLsn = parseLsnOrNull(leader.lsn);
    const live = this.s.local.live;
    if (live?.role === 'replica' && !live.streaming && this.s.following) {
      this.s.notStreamingSince ??= this.d.clock.now();
    } else {
      this.s.notStreamingSince = null;
    }
  }

  localView(): LocalView {
    const l = this.s.local;
    const live = l?.live ?? null;
    return {
      name: this.d.identity.name,
      data: l?.data ?? 'empty',
      dataProblem: l?.dataProblem ?? null,
      systemIdentifier: live?.systemIdentifier ?? l?.systemIdentifier ?? null,
      postgres: this.d.postgres.running() ? 'running' : 'stopped',
      role: live?.role ?? null,
      following: live?.role === 'replica' ? this.s.following : null,
      lsn: live?.lsn ?? null,
      streaming: live?.streaming ?? false,
      notStreamingSince: this.s.notStreamingSince,
      configProblem: this.s.configProblem,
      fencedAt: this.s.fenced ? this.s.fencedAt : null,
    };
  }

  /** The member status served at /status and copied to the pod. */
  status(): MemberStatus {
    const e = this.elector;
    const observed = e?.observedLease();
    const expiresIn = observed
      ? observed.observedAtMs +
        (observed.record?.leaseDurationSeconds ?? 0) * 1000 -
        this.d.clock.now()
      : null;
    return buildMemberStatus({
      identity: this.d.identity,
      local: this.s.local,
      fenced: this.s.fenced,
      following: this.s.following,
      lastPrimaryLsn: this.s.lastPrimaryLsn,
      lease: this.s.leaseView,
      leaseExpiresInMs: expiresIn,
      pgVersion: this.d.pgVersion,
      message: [this.s.decision.sentence, ...this.statusNotes()].join('; '),
      now: this.d.clock.now(),
    });
  }

  /** What the decision sentence does not say: no watchdog, blocked or degraded synchronous replication. */
  private statusNotes(): string[] {
    const v = this.guard?.verdict();
    const notes = v && v.kind !== 'protected' ? [v.sentence] : [];
    const live = this.s.local?.live;
    const cfg = this.s.config;
    if (!cfg || !this.s.leaseView.leading || live?.role !== 'primary') return notes;
    const sync = describeSyncHealth({
      mode: cfg.synchronous.mode,
      number: cfg.synchronous.number,
      applied: this.s.appliedSync,
      published: this.s.leaseView.sync,
      streaming: live.standbys.filter((s) => s.state === 'streaming').map((s) => s.applicationName),
    });
    return sync ? [...notes, sync] : notes;
  }

  private readiness(): { ready: boolean; reason: string } {
    const st = this.status();
    if (st.role === 'primary') {
      return this.s.leaseView.leading
        ? { ready: true, reason: 'primary holding the lease' }
        : { ready: false, reason: 'primary without the lease' };
    }
    if (st.role === 'replica' && st.streaming) return { ready: true, reason: 'replica streaming' };
    return { ready: false, reason: st.message };
  }

  private async publish(): Promise<void> {
    const st = this.status();
    const key = JSON.stringify([
      st.pendingRestart,
      st.streaming,
      st.role,
      st.postgresRunning,
      st.following,
      st.timeline,
      st.leaseHolder,
      st.message,
    ]);
    const now = this.d.clock.now();
    if (key === this.lastPublished && now - this.lastPublishAt < 5_000) return;
    try {
      await this.d.api.patchOwnPod(st.role, st);
      this.lastPublished = key;
      this.lastPublishAt = now;
    } catch (err) {
      this.d.logger.debug('could not publish the member status', { error: errorMessage(err) });
    }
  }

  private async shutdown(): Promise<void> {
    this.log('shutdown', 'stopping PostgreSQL, then releasing the lease');
    this.d.watchdog?.disarm();
    await this.d.postgres.stop('fast').catch(() => undefined);
    this.releaseLease();
  }

  /** Sleeps `ms` or until woken. */
  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
  }

  log(event: string, sentence: string): void {
    this.d.logger.info(sentence, { event, member: this.d.identity.name });
  }
}

function parseJson<T>(text: string | undefined): T | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
