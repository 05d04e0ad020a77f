// The local PostgreSQL of one member: configuration files, start/stop, observation, promotion,
// clone and rewind. Knows nothing of Leases; the agent decides, this performs.
import { join } from 'node:path';
import type { Clock } from '../lib/clock.ts';
import { errorMessage, StewardError } from '../lib/errors.ts';
import type { Logger } from '../lib/logger.ts';
import {
  cloneFromPrimary,
  rewindFrom,
  type RewindResult,
  type SourceServer,
} from '../postgres/clone.ts';
import { buildPostgresqlConf, buildStewardConf } from '../postgres/config.ts';
import { inspectDataDir, type DataDirState } from '../postgres/controldata.ts';
import { setStandbySignal, writeConfigFiles } from '../postgres/datadir-files.ts';
import { buildPgHba } from '../postgres/hba.ts';
import type { Lsn } from '../postgres/lsn.ts';
import {
  initdb,
  startPostgres,
  stopPostgres,
  waitUntilReady,
  type PgInstall,
  type PostgresProcess,
  type StopMode,
} from '../postgres/process.ts';
import { buildPrimaryConninfo, slotNameFor } from '../postgres/replication.ts';
import { ensureClusterRoles, type ClusterCredentials } from '../postgres/roles.ts';
import type { ChildExit, ProcessRunner } from '../postgres/runner.ts';
import { promote } from '../postgres/server-control.ts';
import { connect, type SqlConnection } from '../postgres/sql.ts';
import {
  queryInstanceStatus,
  queryStandbys,
  queryWalReceiver,
  type StandbyStatus,
} from '../postgres/status.ts';

/** Where this member's PostgreSQL lives and listens. */
export interface PostgresLayout {
  readonly dataDir: string;
  /** Directory for the Unix socket and the server log. */
  readonly runDir: string;
  readonly listenAddress: string;
  readonly port: number;
  /** Networks allowed to connect (replication and clients), CIDR. */
  readonly networks: readonly string[];
}

/** Role the next start should take. */
export type StartRole =
  | { kind: 'primary'; synchronousStandbyNames: string }
  | { kind: 'standby'; upstream: SourceServer | null };

/** What the running server says about itself. */
export interface LiveState {
  role: 'primary' | 'replica';
  timeline: number;
  lsn: Lsn | null;
  replayedLsn: Lsn | null;
  streaming: boolean;
  systemIdentifier: string;
  pendingRestart: boolean;
  lagSeconds: number | null;
  standbys: StandbyStatus[];
}

/** Dependencies of the manager. */
export interface PostgresManagerDeps {
  readonly runner: ProcessRunner;
  readonly clock: Clock;
  readonly pg: PgInstall;
  readonly layout: PostgresLayout;
  readonly logger: Logger;
  /** Called when the postmaster exits without being asked to. */
  readonly onUnexpectedExit: (exit: ChildExit) => void;
}

/** Owns the local postmaster and its data directory. */
export class PostgresManager {
  private readonly d: PostgresManagerDeps;
  private proc: PostgresProcess | undefined;
  private stopping = false;
  private su: SqlConnection | undefined;

  constructor(deps: PostgresManagerDeps) {
    this.d = deps;
  }

  get dataDir(): string {
    return this.d.layout.dataDir;
  }

  /** True while a postmaster we started has not exited. */
  running(): boolean {
    return this.proc !== undefined && this.proc.exit() === undefined;
  }

  inspect(major: number): Promise<DataDirState> {
    return inspectDataDir(this.d.runner, this.d.pg, this.d.layout.dataDir, major);
  }

  async initdb(creds: ClusterCredentials): Promise<void> {
    await initdb(this.d.runner, this.d.pg, {
      dataDir: this.d.layout.dataDir,
      superuser: creds.superuser.name,
      superuserPassword: creds.superuser.password,
    });
  }

  /** Writes every configuration file for the next start (or a reload) in `role`. */
  async configure(
    role: StartRole,
    parameters: Readonly<Record<string, string>>,
    creds: ClusterCredentials,
    memberName: string,
  ): Promise<void> {
    const l = this.d.layout;
    const standby =
      role.kind === 'standby' && role.upstream
        ? {
            primaryConninfo: buildPrimaryConninfo({
              host: role.upstream.host,
              port: role.upstream.port,
              user: role.upstream.user,
              password: role.upstream.password,
              applicationName: memberName,
            }),
            primarySlotName: slotNameFor(memberName),
          }
        : undefined;
    const stewardConf = buildStewardConf({
      listenAddresses: [l.listenAddress],
      port: l.port,
      socketDirectory: l.runDir,
      maxWalSenders: 10,
      maxReplicationSlots: 10,
      synchronousStandbyNames: role.kind === 'primary' ? role.synchronousStandbyNames : '',
      clusterName: memberName,
      ...(standby ? { standby } : {}),
    });
    const pgHba = buildPgHba({
      superuser: creds.superuser.name,
      replicationUser: creds.replication.name,
      podNetworks: l.networks,
      clientNetworks: l.networks,
    });
    await writeConfigFiles(
      l.dataDir,
      { postgresqlConf: buildPostgresqlConf(parameters), stewardConf, pgHba },
      this.d.pg.runAs,
    );
    await setStandbySignal(l.dataDir, role.kind === 'standby', this.d.pg.runAs);
  }

  /** Starts the postmaster and waits until it accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running()) return;
    this.stopping = false;
    const proc = startPostgres(this.d.runner, this.d.pg, {
      dataDir: this.d.layout.dataDir,
      output: { file: join(this.d.layout.runDir, 'postgres.log') },
    });
    this.proc = proc;
    void proc.exited.then((exit) => {
      if (this.proc !== proc) return;
      void this.closeSu();
      if (!this.stopping) this.d.onUnexpectedExit(exit);
    });
    await waitUntilReady(this.d, this.d.pg, {
      host: this.d.layout.runDir,
      port: this.d.layout.port,
      timeoutMs,
      process: proc,
    });
  }

  /** Stops the postmaster (`fast` waits for standbys to receive everything). */
  async stop(mode: StopMode, timeoutMs = 30_000): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.stopping = true;
    await this.closeSu();
    await stopPostgres(this.d, proc, { mode, timeoutMs });
    this.proc = undefined;
  }

  /** Forgets the process after someone else (the fence) killed it. */
  async forget(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.stopping = true;
    await this.closeSu();
    await proc.exited;
    this.proc = undefined;
  }

  /** Superuser session over the Unix socket, kept open between cycles. */
  async sql(): Promise<SqlConnection> {
    if (this.su) return this.su;
    const creds = this.creds;
    if (!creds) throw new StewardError('PG_NO_CREDENTIALS', 'credentials are not known yet');
    this.su = await connect({
      host: this.d.layout.runDir,
      port: this.d.layout.port,
      user: creds.superuser.name,
      password: creds.superuser.password,
      statementTimeoutMs: 5_000,
      applicationName: 'steward-agent',
    });
    return this.su;
  }

  /** Credentials for local superuser sessions. */
  creds: ClusterCredentials | undefined;

  /** Role, LSNs, timeline and standbys of the running server. */
  async observe(): Promise<LiveState> {
    try {
      const c = await this.sql();
      const s = await queryInstanceStatus(c);
      const receiver = s.role === 'standby' ? await queryWalReceiver(c) : null;
      const standbys = s.role === 'primary' ? await queryStandbys(c) : [];
      const received = s.receiveLsn;
      const lsn =
        s.role === 'primary'
          ? s.currentLsn
          : received !== null && (s.replayLsn === null || received > s.replayLsn)
            ? received
            : s.replayLsn;
      return {
        role: s.role === 'primary' ? 'primary' : 'replica',
        timeline: s.timeline,
        lsn,
        replayedLsn: s.replayLsn,
        streaming: receiver?.status === 'streaming',
        systemIdentifier: s.systemIdentifier,
        pendingRestart: s.pendingRestart,
        lagSeconds: s.replayLagSeconds,
        standbys,
      };
    } catch (err) {
      await this.closeSu();
      throw new StewardError(
        'PG_OBSERVE_FAILED',
        `while observing PostgreSQL: ${errorMessage(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  /** Promotes the running standby; returns once it accepts writes. */
  async promote(): Promise<void> {
    const c = await this.sql();
    await promote(c, { waitSeconds: 60, checkpoint: false });
    void c.query('CHECKPOINT').catch(() => undefined);
  }

  /** Creates roles and the application database (primary only). */
  async ensureRoles(creds: ClusterCredentials): Promise<void> {
    await ensureClusterRoles(await this.sql(), creds);
  }

  /** Re-reads configuration files. */
  async reload(): Promise<void> {
    await (await this.sql()).query('SELECT pg_reload_conf()');
  }

  /** Copies the primary (its temporary slot covers the copy; the member slot is the primary's job). */
  async clone(source: SourceServer): Promise<void> {
    await cloneFromPrimary(this.d.runner, this.d.pg, {
      dataDir: this.d.layout.dataDir,
      source,
      verify: false,
    });
  }

  rewind(source: SourceServer): Promise<RewindResult> {
    return rewindFrom(this.d.runner, this.d.pg, { dataDir: this.d.layout.dataDir, source });
  }

  private async closeSu(): Promise<void> {
    const su = this.su;
    this.su = undefined;
    await su?.close().catch(() => undefined);
  }
}
