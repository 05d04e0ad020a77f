// Real-PostgreSQL test harness: temp dirs, free ports, nodes on 127.0.0.1, guaranteed cleanup.
import { execFileSync } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../src/lib/clock.ts';
import {
  buildPostgresqlConf,
  buildStewardConf,
  type ManagedConfig,
} from '../../src/postgres/config.ts';
import { setStandbySignal, writeConfigFiles } from '../../src/postgres/datadir-files.ts';
import { buildPgHba } from '../../src/postgres/hba.ts';
import {
  initdb,
  killPostgres,
  startPostgres,
  stopPostgres,
  waitUntilReady,
  type PgInstall,
  type PostgresProcess,
  type StopMode,
} from '../../src/postgres/process.ts';
import { createNodeRunner, type RunAs } from '../../src/postgres/runner.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';

/** Credentials every test cluster uses. */
export const creds = {
  superuser: { name: 'steward_su', password: 'su-secret' },
  replication: { name: 'streaming_replica', password: "repl 'secret'" },
  app: { owner: { name: 'app', password: 'app-secret' }, database: 'appdb' },
};

/** User parameters of test nodes: fast (no fsync), quick standby feedback, WAL kept for pg_rewind. */
const testParameters = { fsync: 'off', wal_receiver_status_interval: '1s', wal_keep_size: '128MB' };

/** The PostgreSQL bin directory for tests: STEWARD_PG_BINDIR, else `pg_config --bindir`. */
function binDir(): string {
  const fromEnv = process.env['STEWARD_PG_BINDIR'];
  if (fromEnv) return fromEnv;
  return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
}

/** As root, PostgreSQL programs run as the `postgres` OS user; otherwise as ourselves. */
function runAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

export const runner = createNodeRunner({
  baseEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' },
});
export const deps = { runner, clock: realClock };
export const pg: PgInstall = { binDir: binDir(), ...(runAs() ? { runAs: runAs()! } : {}) };

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** One test's temp root and the servers it started; `cleanup` stops them all and removes it. */
export class Sandbox {
  readonly nodes: TestNode[] = [];
  private root = '';
  async init(): Promise<this> {
    this.root = await mkdtemp(join(tmpdir(), 'steward-pg-'));
    await ownDir(this.root);
    return this;
  }
  async node(name: string): Promise<TestNode> {
    const dir = join(this.root, name);
    await mkdir(dir);
    await ownDir(dir);
    const n = new TestNode(name, dir, await freePort());
    this.nodes.push(n);
    return n;
  }
  path(name: string): string {
    return join(this.root, name);
  }
  async cleanup(): Promise<void> {
    for (const n of this.nodes) await n.kill();
    if (this.root) await rm(this.root, { recursive: true, force: true });
  }
}

async function ownDir(dir: string): Promise<void> {
  if (pg.runAs) await chown(dir, pg.runAs.uid, pg.runAs.gid);
}

/** A PostgreSQL server on 127.0.0.1:<port> with its socket in its own directory. */
export class TestNode {
  readonly name: string;
  readonly dir: string;
  readonly port: number;
  readonly dataDir: string;
  proc: PostgresProcess | undefined;
  constructor(name: string, dir: string, port: number) {
    this.name = name;
    this.dir = dir;
    this.port = port;
    this.dataDir = join(dir, 'data');
  }
  get logFile(): string {
    return join(this.dir, 'postgres.log');
  }
  async initdb(): Promise<void> {
    await initdb(runner, pg, {
      dataDir: this.dataDir,
      superuser: creds.superuser.name,
      superuserPassword: creds.superuser.password,
    });
  }
  /** Writes all config files; `overrides` change the managed settings (e.g. standby). */
  async configure(overrides: Partial<ManagedConfig> = {}, user: Record<string, string> = {}) {
    const managed: ManagedConfig = {
      listenAddresses: ['127.0.0.1'],
      port: this.port,
      socketDirectory: this.dir,
      maxWalSenders: 10,
      maxReplicationSlots: 10,
      synchronousStandbyNames: '',
      ...overrides,
    };
    const hba = buildPgHba({
      superuser: creds.superuser.name,
      replicationUser: creds.replication.name,
      podNetworks: ['127.0.0.1/32'],
      clientNetworks: ['127.0.0.1/32'],
    });
    const files = {
      postgresqlConf: buildPostgresqlConf({ ...testParameters, ...user }),
      stewardConf: buildStewardConf(managed),
      pgHba: hba,
    };
    await setStandbySignal(this.dataDir, managed.standby !== undefined, pg.runAs);
    return writeConfigFiles(this.dataDir, files, pg.runAs);
  }
  async start(): Promise<void> {
    this.proc = startPostgres(runner, pg, {
      dataDir: this.dataDir,
      output: { file: this.logFile },
    });
    await waitUntilReady(deps, pg, {
      host: this.dir,
      port: this.port,
      timeoutMs: 20_000,
      process: this.proc,
    });
  }
  async stop(mode: StopMode = 'fast'): Promise<void> {
    if (this.proc) await stopPostgres(deps, this.proc, { mode, timeoutMs: 10_000 });
    this.proc = undefined;
  }
  async kill(): Promise<void> {
    if (!this.proc) return;
    if (!this.proc.exit()) killPostgres(runner, this.proc);
    await this.proc.exited;
    this.proc = undefined;
  }
  /** Superuser over the local socket. */
  su(db = 'postgres', statementTimeoutMs = 10_000): Promise<SqlConnection> {
    return connect({
      host: this.dir,
      port: this.port,
      user: creds.superuser.name,
      password: creds.superuser.password,
      database: db,
      statementTimeoutMs,
    });
  }
  /** The replication user's view of this node as a source (TCP). */
  get source() {
    return {
      host: '127.0.0.1',
      port: this.port,
      user: creds.replication.name,
      password: creds.replication.password,
    };
  }
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes. */
export async function eventually<T>(fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
