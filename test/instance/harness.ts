// Instance-agent test harness: a sandbox API server, the PostgresCluster with its Secrets, member
// pods nobody schedules (the agents run here as plain processes), one API relay per member so a
// member can be partitioned from the API, and guaranteed cleanup of every process started.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { INSTANCE_ANNOTATIONS, type MemberStatus } from '../../src/api/instance.ts';
import { POSTGRES_CLUSTER_CRD_PATH } from '../../src/api/crd.ts';
import { fencePostgres } from '../../src/instance/fence/fence.ts';
import { fetchMemberStatus } from '../../src/instance/status-server.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';
import { freePort } from '../postgres/harness.ts';
import { kubectlOk } from '../support/kubectl.ts';
import { startTestSandbox, writeKubeconfig, type TestSandbox } from '../support/sandbox.ts';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';
import { waitFor } from '../support/wait.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const APP = { user: 'app', password: 'app-secret', database: 'app' };

/** One member: its agent process, ports, directories and API relay. */
export class Member {
  readonly name: string;
  readonly dir: string;
  readonly pgPort: number;
  readonly statusPort: number;
  readonly relay: TcpRelay;
  agent: ChildProcess | null = null;
  constructor(name: string, dir: string, pgPort: number, statusPort: number, relay: TcpRelay) {
    this.name = name;
    this.dir = dir;
    this.pgPort = pgPort;
    this.statusPort = statusPort;
    this.relay = relay;
  }
  get dataDir(): string {
    return join(this.dir, 'data', 'pgdata');
  }
  /** The postmaster's PID from postmaster.pid, if any. */
  postmasterPid(): number | null {
    try {
      const pid = Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }
  /** The postmaster and all its children. */
  postgresPids(): number[] {
    const pm = this.postmasterPid();
    if (pm === null) return [];
    const kids = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pm;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [pm, ...kids];
  }
  /** SIGSTOPs (or SIGCONTs) the agent and, with `postgres`, every PostgreSQL process. */
  signal(sig: 'SIGSTOP' | 'SIGCONT', o: { agent: boolean; postgres: boolean }): void {
    const pids = [
      ...(o.agent && this.agent?.pid ? [this.agent.pid] : []),
      ...(o.postgres ? this.postgresPids() : []),
    ];
    for (const pid of pids) {
      try {
        process.kill(pid, sig);
      } catch {
        // already gone
      }
    }
  }
  status(): Promise<MemberStatus> {
    return fetchMemberStatus('127.0.0.1', this.statusPort, 1_000);
  }
  /** An application connection straight to this member. */
  app(timeoutMs = 2_000): Promise<SqlConnection> {
    return connect({
      host: '127.0.0.1',
      port: this.pgPort,
      user: APP.user,
      password: APP.password,
      database: APP.database,
      connectTimeoutMs: timeoutMs,
      statementTimeoutMs: timeoutMs,
    });
  }
}

/** Options of a test cluster. */
export interface ClusterOptions {
  members?: number;
  synchronous?: { mode: 'off' | 'quorum' | 'strict'; number: number };
  /** Lease duration / renew deadline / retry period, seconds. */
  timings?: [number, number, number];
}

/** A cluster of agents on one sandbox API server. */
export class AgentCluster {
  readonly name = 'pg';
  readonly members: Member[] = [];
  t!: TestSandbox;
  private readonly opts: Required<ClusterOptions>;
  constructor(opts: ClusterOptions = {}) {
    this.opts = {
      members: opts.members ?? 3,
      synchronous: opts.synchronous ?? { mode: 'off', number: 1 },
      timings: opts.timings ?? [4, 3, 1],
    };
  }

  async start(): Promise<this> {
    this.t = await startTestSandbox();
    chmodSync(this.t.dir, 0o755);
    await kubectlOk(this.t.kubeconfig, ['apply', '-f', join(ROOT, POSTGRES_CLUSTER_CRD_PATH)]);
    await kubectlOk(this.t.kubeconfig, [
      'wait',
      '--for=condition=Established',
      'crd/postgresclusters.steward.dev',
    ]);
    await this.apply(this.manifest());
    for (let i = 0; i < this.opts.members; i++) await this.addMember(`${this.name}-${i}`);
    return this;
  }

  private manifest(): string {
    const secret = (name: string, user: string, password: string) =>
      `{apiVersion: v1, kind: Secret, metadata: {name: ${name}}, stringData: {username: ${user}, password: "${password}"}}`;
    const [lease, renew, retry] = this.opts.timings;
    const s = this.opts.synchronous;
    return [
      secret(`${this.name}-superuser`, 'postgres', 'su-secret'),
      secret(`${this.name}-replication`, 'streaming_replica', 'repl-secret'),
      secret(`${this.name}-app`, APP.user, APP.password),
      `{apiVersion: steward.dev/v1alpha1, kind: PostgresCluster, metadata: {name: ${this.name}}, spec: {instances: ${this.opts.members}, storage: {size: 1Gi}, ` +
        `postgresql: {parameters: {fsync: "off", wal_receiver_status_interval: "1s", wal_keep_size: "128MB"}}, ` +
        `bootstrap: {initdb: {database: ${APP.database}, owner: ${APP.user}}}, synchronous: {mode: "${s.mode}", number: ${s.number}}, ` +
        `failover: {leaseDurationSeconds: ${lease}, renewDeadlineSeconds: ${renew}, retryPeriodSeconds: ${retry}}}}`,
    ]
      .map((doc) => `---\n${doc}`)
      .join('\n');
  }

  async apply(yaml: string): Promise<void> {
    await kubectlOk(this.t.kubeconfig, ['apply', '-f', '-'], { input: yaml });
  }

  private async addMember(name: string): Promise<void> {
    const dir = join(this.t.dir, name);
    mkdirSync(dir, { mode: 0o755 });
    const url = new URL(this.t.url);
    const relay = await startTcpRelay('127.0.0.1', Number(url.port));
    writeKubeconfig(
      join(dir, 'kubeconfig'),
      `https://127.0.0.1:${relay.port}`,
      this.t.caCert,
      this.t.token,
    );
    const m = new Member(name, dir, await freePort(), await freePort(), relay);
    this.members.push(m);
    // A pod nobody schedules: it carries the member's labels and published status.
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels: { 'steward.dev/cluster': this.name } },
      spec: {
        schedulerName: 'steward-test-harness',
        containers: [{ name: 'postgres', image: 'steward/instance:15' }],
      },
    };
    await this.apply(JSON.stringify(pod));
  }

  member(name: string): Member {
    const m = this.members.find((x) => x.name === name);
    if (!m) throw new Error(`no member ${name}`);
    return m;
  }

  /** Starts (or restarts) a member's agent. */
  startAgent(m: Member): void {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      POD_NAME: m.name,
      POD_NAMESPACE: 'default',
      CLUSTER_NAME: this.name,
      POD_IP: '127.0.0.1',
      PGDATA: m.dataDir,
      STEWARD_RUN_DIR: join(m.dir, 'run'),
      STEWARD_POSTGRES_PORT: String(m.pgPort),
      STEWARD_STATUS_PORT: String(m.statusPort),
      STEWARD_NETWORKS: '127.0.0.0/8',
      STEWARD_KUBECONFIG: join(m.dir, 'kubeconfig'),
      STEWARD_LOOP_MS: '500',
      ...(process.env['STEWARD_PG_BINDIR']
        ? { STEWARD_PG_BINDIR: process.env['STEWARD_PG_BINDIR'] }
        : {}),
    };
    const log = createWriteStream(join(m.dir, 'agent.log'), { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(ROOT, 'src/cli/main.ts'), 'instance', 'run'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    m.agent = child;
  }

  /** SIGKILLs a member's agent (PostgreSQL too when `withPostgres`). */
  async killAgent(m: Member, withPostgres: boolean): Promise<void> {
    const pid = withPostgres ? m.postmasterPid() : null;
    const agent = m.agent;
    if (agent && agent.exitCode === null && agent.signalCode === null) {
      const gone = new Promise((r) => agent.once('exit', r));
      agent.kill('SIGKILL');
      await gone;
    }
    m.agent = null;
    if (pid) await fencePostgres(m.dataDir);
  }

  /** Statuses of all reachable members. */
  async statuses(): Promise<MemberStatus[]> {
    const all = await Promise.all(this.members.map((m) => m.status().catch(() => null)));
    return all.filter((s): s is MemberStatus => s !== null);
  }

  /** Waits until one primary and `replicas` streaming replicas; returns the primary. */
  async waitHealthy(replicas = this.members.length - 1, timeoutMs = 90_000): Promise<Member> {
    const name = await waitFor(
      `a primary and ${replicas} streaming replicas`,
      async () => {
        const st = await this.statuses();
        const primaries = st.filter((s) => s.role === 'primary' && s.leaseHolder === s.name);
        const streaming = st.filter((s) => s.role === 'replica' && s.streaming);
        return primaries.length === 1 && streaming.length >= replicas ? primaries[0]!.name : null;
      },
      timeoutMs,
    );
    return this.member(name);
  }

  /** The member status annotation of a pod, as the operator would read it. */
  async podStatus(name: string): Promise<MemberStatus | null> {
    const r = await kubectlOk(this.t.kubeconfig, ['get', 'pod', name, '-o', 'json']);
    const pod = JSON.parse(r) as { metadata: { annotations?: Record<string, string> } };
    const text = pod.metadata.annotations?.[INSTANCE_ANNOTATIONS.status];
    return text ? (JSON.parse(text) as MemberStatus) : null;
  }

  async stop(): Promise<void> {
    for (const m of this.members) {
      // A frozen agent must be able to die; one that already exited is skipped.
      if (m.agent && m.agent.exitCode === null && m.agent.signalCode === null)
        m.agent.kill('SIGCONT');
      await this.killAgent(m, true).catch(() => undefined);
      await fencePostgres(m.dataDir).catch(() => undefined);
      await m.relay.close();
    }
    await this.t?.stop({ keepDir: process.env['STEWARD_KEEP_TEST_DIR'] === '1' });
  }
}
