// The benchmark's sandbox: the operator harness with the operator's PID and metrics port known,
// and one watch of every PostgresCluster that records when things were first seen.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { GROUP, POSTGRES_CLUSTER_NAMES, VERSION } from '../../src/api/postgres-cluster.ts';
import { loadKubeConfig, makeClients } from '../../src/kube/config.ts';
import { Informer } from '../../src/kube/informer.ts';
import { clientNodeListWatch } from '../../src/kube/list-watch.ts';
import { realClock } from '../../src/lib/clock.ts';
import { OperatorSandbox } from '../../test/operator/harness.ts';
import { freePort } from '../../test/postgres/harness.ts';
import { procStatusBytes } from './memory.ts';
import { Timeline, viewOf } from './timeline.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** OperatorSandbox whose operator also tells its PID, memory and metrics. */
export class BenchSandbox extends OperatorSandbox {
  metricsPort = 0;

  // As the harness, but the metrics port is kept so the benchmark can scrape it.
  override async startOperator(): Promise<void> {
    this.metricsPort = await freePort();
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      STEWARD_KUBECONFIG: this.t.kubeconfig,
      POD_NAMESPACE: 'default',
      POD_NAME: 'operator-bench',
      STEWARD_LISTEN: '127.0.0.1',
      STEWARD_HEALTH_PORT: String(await freePort()),
      STEWARD_METRICS_PORT: String(this.metricsPort),
    };
    const log = createWriteStream(join(this.t.dir, 'operator.log'), { flags: 'a' });
    const main = join(ROOT, 'src/cli/main.ts');
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', main, 'operator', 'run'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.operator = child;
  }

  /** The operator's /proc status field in bytes; null when it is not running. */
  procBytes(field: 'VmRSS' | 'VmHWM'): number | null {
    const pid = this.operator?.pid;
    if (pid === undefined || this.operator?.exitCode !== null) return null;
    try {
      return procStatusBytes(readFileSync(`/proc/${pid}/status`, 'utf8'), field);
    } catch {
      return null;
    }
  }

  /** The operator's /metrics text. */
  async metrics(): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`, {
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
    return res.text();
  }
}

type Cluster = KubernetesObject & Parameters<typeof viewOf>[0];

/** A watch of every PostgresCluster feeding a Timeline, and waits on what it saw. */
export class ClusterWatch {
  readonly timeline = new Timeline();
  private readonly informer: Informer<Cluster>;
  private readonly waiters = new Set<() => void>();

  constructor(kubeconfig: string, now: () => number) {
    const clients = makeClients(loadKubeConfig({ kubeconfigPath: kubeconfig }));
    this.informer = new Informer<Cluster>({
      clock: realClock,
      name: 'bench-postgresclusters',
      listWatch: clientNodeListWatch(clients.kc, {
        path: `/apis/${GROUP}/${VERSION}/${POSTGRES_CLUSTER_NAMES.plural}`,
        list: async () =>
          (await clients.customObjects.listClusterCustomObject({
            group: GROUP,
            version: VERSION,
            plural: POSTGRES_CLUSTER_NAMES.plural,
          })) as { items: Cluster[] },
      }),
    });
    const seen = (o: Cluster): void => {
      this.timeline.record(viewOf(o), now());
      for (const w of [...this.waiters]) w();
    };
    this.informer.addHandlers({ onAdd: seen, onUpdate: (_, o) => seen(o) });
  }

  async start(): Promise<void> {
    this.informer.start();
    await this.informer.waitForSync(AbortSignal.timeout(60_000));
  }

  /** Resolves with `check()` once it is not null (checked after every event); rejects on timeout. */
  until<T>(what: string, check: () => T | null, timeoutMs: number): Promise<T> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      const attempt = (): void => {
        const v = check();
        if (v !== null) {
          done();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(attempt);
      attempt();
    });
  }

  stop(): Promise<void> {
    return this.informer.stop();
  }
}
