// Operator end-to-end harness: a sandbox with three real kubelets, the CRD, and the operator as a
// child process (`steward operator run`) with its own kubeconfig; every process is stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { POSTGRES_CLUSTER_CRD_PATH } from '../../src/api/crd.ts';
import { COMPRESSED_TIMINGS, type SandboxTimings } from '../../src/sandbox/config.ts';
import { connect, type SqlConnection } from '../../src/postgres/sql.ts';
import { freePort } from '../postgres/harness.ts';
import { kubectl, kubectlOk } from '../support/kubectl.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** A sandbox with the operator running. */
export class OperatorSandbox {
  t!: TestSandbox;
  operator: ChildProcess | null = null;

  async start(nodes = 3, timings: SandboxTimings = COMPRESSED_TIMINGS): Promise<this> {
    this.t = await startTestSandbox({ nodes, timings });
    await this.k(['apply', '-f', join(ROOT, POSTGRES_CLUSTER_CRD_PATH)]);
    await this.k(['wait', '--for=condition=Established', 'crd/postgresclusters.steward.dev']);
    await this.startOperator();
    return this;
  }

  async startOperator(): Promise<void> {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      STEWARD_KUBECONFIG: this.t.kubeconfig,
      POD_NAMESPACE: 'default',
      POD_NAME: 'operator-test',
      STEWARD_LISTEN: '127.0.0.1',
      STEWARD_HEALTH_PORT: String(await freePort()),
      STEWARD_METRICS_PORT: String(await freePort()),
    };
    const log = createWriteStream(join(this.t.dir, 'operator.log'), { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(ROOT, 'src/cli/main.ts'), 'operator', 'run'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.operator = child;
  }

  k(args: string[], input?: string): Promise<string> {
    return kubectlOk(this.t.kubeconfig, args, input === undefined ? {} : { input });
  }

  kubectl(args: string[]) {
    return kubectl(this.t.kubeconfig, args);
  }

  async json<T = Record<string, unknown>>(args: string[]): Promise<T> {
    return JSON.parse(await this.k([...args, '-o', 'json'])) as T;
  }

  /** ClusterIP of a Service. */
  async clusterIP(name: string): Promise<string> {
    const svc = await this.json<{ spec: { clusterIP: string } }>(['get', 'svc', name]);
    return svc.spec.clusterIP;
  }

  /** The app user's password from the generated Secret. */
  async appPassword(cluster: string): Promise<string> {
    const s = await this.json<{ data: { password: string } }>(['get', 'secret', `${cluster}-app`]);
    return Buffer.from(s.data.password, 'base64').toString('utf8');
  }

  /** Connects as the app owner through a Service. */
  async connectVia(
    service: string,
    cluster: string,
    database = 'app',
    user = 'app',
  ): Promise<SqlConnection> {
    return connect({
      host: await this.clusterIP(service),
      port: 5432,
      user,
      password: await this.appPassword(cluster),
      database,
      connectTimeoutMs: 3_000,
      statementTimeoutMs: 5_000,
    });
  }

  async stop(): Promise<void> {
    const op = this.operator;
    if (op && op.exitCode === null && op.signalCode === null) {
      const gone = new Promise((r) => op.once('exit', r));
      op.kill('SIGKILL');
      await gone;
    }
    await this.t?.stop({ keepDir: process.env['STEWARD_KEEP_TEST_DIR'] === '1' });
  }
}
