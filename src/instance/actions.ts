// The executor: performs the action decide() chose. Each function is one step of the HA loop.
import { rename } from 'node:fs/promises';
import { INSTANCE_ANNOTATIONS, type HandOver } from '../api/instance.ts';
import { StewardError } from '../lib/errors.ts';
import type { LeaderElector } from '../kube/leader-elector.ts';
import { formatLsn, parseLsnOrNull } from '../postgres/lsn.ts';
import type { SourceServer } from '../postgres/clone.ts';
import { buildSynchronousStandbyNames, slotNameFor } from '../postgres/replication.ts';
import { reconcileSlots } from '../postgres/slots.ts';
import type { Agent, AgentDeps, AgentState } from './agent.ts';
import type { Action } from './decide.ts';
import { planSync, sameConfig, type SyncConfig } from './sync.ts';
import { fetchMemberStatus, wakeMember } from './status-server.ts';
import { readControlData } from '../postgres/controldata.ts';
import { recoverCrashedStandby } from './standby-recovery.ts';

/** What an action may touch. */
export interface ActionContext {
  agent: Agent;
  elector: LeaderElector;
  deps: AgentDeps;
  state: AgentState;
}

/** Runs one action to completion. */
export async function runAction(c: ActionContext, a: Action): Promise<void> {
  switch (a.kind) {
    case 'wait':
      return refreshParameters(c);
    case 'release':
      c.agent.releaseLease();
      return;
    case 'fence':
      await c.deps.fence();
      await c.deps.postgres.forget();
      c.state.fenced = true;
      c.state.fencedAt = c.deps.clock.now();
      return;
    case 'bootstrap':
      return bootstrap(c);
    case 'start-primary':
      return startPrimary(c);
    case 'start-replica':
      return startReplica(c, a.upstream);
    case 'clone':
      return cloneFrom(c, a.from);
    case 'rejoin':
      return rejoin(c, a.leader);
    case 'follow':
      return follow(c, a.leader);
    case 'promote':
      return promoteSelf(c);
    case 'lead':
      return lead(c);
    case 'switchover':
      return switchover(c, a.to);
  }
}

function config(c: ActionContext) {
  const cfg = c.state.config;
  if (!cfg) throw new StewardError('AGENT_NO_CONFIG', 'no cluster configuration');
  return cfg;
}

/** The replication source of member `name`, from its published status. */
function sourceOf(c: ActionContext, name: string): SourceServer {
  const st = c.state.peers.find((p) => p.name === name)?.status;
  if (!st) throw new StewardError('AGENT_NO_PEER', `${name} is not reachable`);
  const r = config(c).credentials.replication;
  return { host: st.address, port: st.postgresPort, user: r.name, password: r.password };
}

function ssnOf(s: SyncConfig): string {
  return buildSynchronousStandbyNames({ method: 'ANY', number: s.quorum, names: s.members });
}

async function bootstrap(c: ActionContext): Promise<void> {
  const cfg = config(c);
  const pg = c.deps.postgres;
  pg.creds = cfg.credentials;
  await pg.initdb(cfg.credentials);
  await pg.configure(
    { kind: 'primary', synchronousStandbyNames: '' },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.start();
  await pg.ensureRoles(cfg.credentials);
  c.state.appliedSync = { quorum: 0, members: [] };
  const live = await pg.observe();
  await c.elector.publishAnnotations({
    [INSTANCE_ANNOTATIONS.systemIdentifier]: live.systemIdentifier,
  });
  await announcePrimary(c, live.timeline);
}

async function startPrimary(c: ActionContext): Promise<void> {
  const cfg = config(c);
  const pg = c.deps.postgres;
  pg.creds = cfg.credentials;
  // Start with what the Lease promises, so strict/quorum commits never silently go asynchronous.
  const published = c.state.leaseView.sync;
  const sync: SyncConfig = published
    ? { quorum: published.quorum, members: published.members }
    : { quorum: 0, members: [] };
  await c.deps.fence(); // leftovers of a crashed postmaster would keep its shared memory busy
  await pg.configure(
    { kind: 'primary', synchronousStandbyNames: ssnOf(sync) },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.start();
  c.state.appliedSync = sync;
  c.state.fenced = false;
  const live = await pg.observe();
  c.state.appliedSyncAtLsn = live.lsn ?? 0n;
  await announcePrimary(c, live.timeline);
}

async function startReplica(c: ActionContext, upstream: string | null): Promise<void> {
  const cfg = config(c);
  const pg = c.deps.postgres;
  pg.creds = cfg.credentials;
  const source = upstream ? sourceOf(c, upstream) : null;
  await c.deps.fence();
  await pg.configure(
    { kind: 'standby', upstream: source },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.start();
  c.state.following = upstream;
}

async function cloneFrom(c: ActionContext, from: string): Promise<void> {
  await c.deps.postgres.clone(sourceOf(c, from));
  await startReplica(c, from);
}

/**
 * Joins `leader` as a replica from a stopped (or diverged) data directory: pg_rewind first (it
 * says "no rewind required" when our history is part of the leader's), re-clone when impossible.
 */
async function rejoin(c: ActionContext, leader: string): Promise<void> {
  const pg = c.deps.postgres;
  const source = sourceOf(c, leader);
  await pg.stop('fast');
  await recoverCrashedStandby(c);
  const r = await pg.rewind(source);
  c.agent.log(
    'rewind',
    `pg_rewind against ${leader}: ${r.kind}${'reason' in r ? ` (${r.reason})` : ''}`,
  );
  if (r.kind === 'failed') throw new StewardError('REWIND_FAILED', r.reason);
  if (r.kind === 'impossible' && !config(c).recloneWhenRewindImpossible) {
    throw new StewardError(
      'REWIND_IMPOSSIBLE',
      `pg_rewind cannot rejoin ${leader} (${r.reason}) and spec.failover.recloneWhenRewindImpossible ` +
        'is false: staying stopped with the data directory untouched',
    );
  }
  if (r.kind === 'impossible') {
    // Keep the diverged directory beside the new one: nothing is ever deleted blindly.
    const aside = `${pg.dataDir}.diverged-${c.deps.clock.now()}`;
    await rename(pg.dataDir, aside);
    c.agent.log(
      'reclone',
      `rewind impossible; moved the data directory to ${aside} and cloning ${leader}`,
    );
    await pg.clone(source);
  }
  await startReplica(c, leader);
  c.state.fenced = false;
}

async function follow(c: ActionContext, leader: string): Promise<void> {
  const cfg = config(c);
  const pg = c.deps.postgres;
  await pg.configure(
    { kind: 'standby', upstream: sourceOf(c, leader) },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.reload();
  c.state.following = leader;
  c.state.notStreamingSince = null;
}

async function promoteSelf(c: ActionContext): Promise<void> {
  const cfg = config(c);
  const pg = c.deps.postgres;
  await pg.promote();
  const published = c.state.leaseView.sync;
  const sync: SyncConfig = published
    ? {
        quorum: published.quorum,
        members: published.members.filter((m) => m !== c.deps.identity.name),
      }
    : { quorum: 0, members: [] };
  const safe =
    sync.quorum > 0 && sync.members.length >= sync.quorum ? sync : { quorum: 0, members: [] };
  await pg.configure(
    { kind: 'primary', synchronousStandbyNames: ssnOf(safe) },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.reload();
  c.state.appliedSync = safe;
  c.state.following = null;
  const live = await pg.observe();
  c.state.appliedSyncAtLsn = live.lsn ?? 0n;
  if (c.state.leaseView.handOver)
    await c.elector.publishAnnotations({ [INSTANCE_ANNOTATIONS.handOver]: null });
  await announcePrimary(c, live.timeline);
}

/** Primary upkeep: slots for the other members, the synchronous set, the cluster status. */
async function lead(c: ActionContext): Promise<void> {
  const live = c.state.local?.live;
  if (!live || live.role !== 'primary') return;
  const pg = c.deps.postgres;
  const others = c.state.peers.map((p) => p.name);
  await reconcileSlots(await pg.sql(), others.map(slotNameFor), (n) => n.startsWith('steward_'));
  await stepSync(c, others);
  await refreshParameters(c);
  await unlabelFormerPrimaries(c);
  const cfg = config(c);
  if (cfg.currentPrimary !== c.deps.identity.name) await announcePrimary(c, live.timeline);
}

async function stepSync(c: ActionContext, others: string[]): Promise<void> {
  const cfg = config(c);
  const live = c.state.local!.live!;
  const step = planSync({
    mode: cfg.synchronous.mode,
    number: cfg.synchronous.number,
    otherMembers: others,
    streaming: live.standbys
      .filter((s) => s.state === 'streaming' && others.includes(s.applicationName))
      .map((s) => ({ name: s.applicationName, flushLsn: s.flushLsn })),
    applied: c.state.appliedSync,
    appliedAtLsn: c.state.appliedSyncAtLsn,
    published: c.state.leaseView.sync,
  });
  if (step.kind === 'none') return;
  c.agent.log('sync', step.reason);
  if (step.kind === 'publish') {
    await c.elector.publishAnnotations({ [INSTANCE_ANNOTATIONS.sync]: JSON.stringify(step.state) });
    return;
  }
  if (sameConfig(step.config, c.state.appliedSync)) return;
  const pg = c.deps.postgres;
  await pg.configure(
    { kind: 'primary', synchronousStandbyNames: ssnOf(step.config) },
    cfg.parameters,
    cfg.credentials,
    c.deps.identity.name,
  );
  await pg.reload();
  // Wait until the server runs with it before taking the LSN that members must catch up to.
  const sql = await pg.sql();
  const want = ssnOf(step.config);
  for (let i = 0; i < 50; i++) {
    const [r] = await sql.query<{ v: string }>(
      "SELECT current_setting('synchronous_standby_names') AS v",
    );
    if (r?.v === want) break;
    await c.deps.clock.sleep(20);
  }
  c.state.appliedSync = step.config;
  c.state.appliedSyncAtLsn = (await pg.observe()).lsn ?? 0n;
}

/**
 * Rewrites postgresql.conf and reloads when the cluster's parameters changed. Parameters that
 * need a restart show up as pendingRestart; restarting is the operator's rolling update.
 */
async function refreshParameters(c: ActionContext): Promise<void> {
  const cfg = c.state.config;
  const live = c.state.local?.live;
  if (!cfg || !live || !c.deps.postgres.running()) return;
  const text = JSON.stringify(cfg.parameters);
  if (c.state.writtenParameters === '') {
    c.state.writtenParameters = text; // written by the start that produced this server
    return;
  }
  if (text === c.state.writtenParameters) return;
  const role =
    live.role === 'primary'
      ? { kind: 'primary' as const, synchronousStandbyNames: ssnOf(c.state.appliedSync) }
      : {
          kind: 'standby' as const,
          upstream: c.state.following ? sourceOf(c, c.state.following) : null,
        };
  await c.deps.postgres.configure(role, cfg.parameters, cfg.credentials, c.deps.identity.name);
  await c.deps.postgres.reload();
  c.state.writtenParameters = text;
  c.agent.log('parameters', 'reloaded PostgreSQL with the new parameters');
}

/** A dead former primary cannot relabel its own pod: the -rw Service must stop selecting it. */
async function unlabelFormerPrimaries(c: ActionContext): Promise<void> {
  for (const p of c.state.pods) {
    if (p.name !== c.deps.identity.name && p.role === 'primary') {
      await c.deps.api.labelPod(p.name, 'unknown');
      c.agent.log('label', `relabelled the former primary ${p.name}`);
    }
  }
}

/** Writes currentPrimary/targetPrimary/timeline to the cluster status. */
async function announcePrimary(c: ActionContext, timeline: number): Promise<void> {
  const me = c.deps.identity.name;
  await c.deps.api
    .patchClusterStatus({ currentPrimary: me, targetPrimary: me, timeline })
    .catch((err: unknown) =>
      c.agent.log('status', `could not record the primary in the cluster status: ${String(err)}`),
    );
  const cfg = c.state.config;
  if (cfg) {
    cfg.currentPrimary = me;
    cfg.targetPrimary = me;
  }
}

/**
 * Switchover: stop writes (a fast shutdown waits until connected standbys received all WAL), make
 * sure the target has everything, pass it the Lease, wake it. If the target does not catch up the
 * primary restarts and keeps the Lease.
 */
async function switchover(c: ActionContext, to: string): Promise<void> {
  const pg = c.deps.postgres;
  const target = c.state.peers.find((p) => p.name === to)?.status;
  if (!target) throw new StewardError('SWITCHOVER_TARGET', `${to} is not reachable`);
  // A checkpoint while still writable makes the shutdown checkpoint (the write pause) short.
  await (await pg.sql()).query('CHECKPOINT');
  c.deps.watchdog?.disarm();
  await pg.stop('fast');
  const control = await readControlData(c.deps.runner, c.deps.pg, pg.dataDir);
  const finalLsn = control.checkpointLsn;
  const deadline = c.deps.clock.now() + 5_000;
  let caughtUp = false;
  let wokenAt = -Infinity;
  while (c.deps.clock.now() < deadline) {
    // Its status is from its last cycle: wake it (again if a wake hit a running cycle) so the
    // LSN it reports is fresh. Waiting out its loop instead lengthens the write pause.
    if (c.deps.clock.now() - wokenAt >= 250) {
      wokenAt = c.deps.clock.now();
      await wakeMember(target.address, target.statusPort, 1_000);
    }
    const st = await fetchMemberStatus(target.address, target.statusPort, 1_000).catch(() => null);
    const lsn = parseLsnOrNull(st?.lsn);
    if (lsn !== null && lsn > finalLsn) {
      caughtUp = true;
      break;
    }
    await c.deps.clock.sleep(20);
  }
  if (!caughtUp) {
    await startPrimary(c);
    throw new StewardError(
      'SWITCHOVER_ABORTED',
      `${to} did not receive WAL up to ${formatLsn(finalLsn)}; staying primary`,
    );
  }
  const handOver: HandOver = { from: c.deps.identity.name, to, lsn: formatLsn(finalLsn) };
  await c.elector.publishAnnotations({ [INSTANCE_ANNOTATIONS.handOver]: JSON.stringify(handOver) });
  if (!(await c.elector.handOver(to))) {
    await startPrimary(c);
    throw new StewardError(
      'SWITCHOVER_ABORTED',
      `could not pass the lease to ${to}; staying primary`,
    );
  }
  c.state.following = null;
  await wakeMember(target.address, target.statusPort, 1_000);
  c.agent.log('switchover', `handed the lease over to ${to} at ${handOver.lsn}`);
}
