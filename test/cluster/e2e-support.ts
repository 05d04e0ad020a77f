// Test support for end-to-end tests against real kubelets: polling, the real kubectl, reads through
// the in-process registry, pod readiness and plain HTTP to pod and Service IPs.
import { request } from 'node:http';
import { LocalClient, R } from '../../src/sandbox/controllers/local-client.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { kubectl, type KubectlResult } from '../support/kubectl.ts';
import type { TestSandbox } from '../support/sandbox.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

import { waitFor } from '../support/wait.ts';
export { waitFor };

/** Helpers bound to one test sandbox. */
export class E2E {
  readonly sb: TestSandbox;
  readonly client: LocalClient;
  readonly ns: string;

  constructor(sb: TestSandbox, ns = 'default') {
    this.sb = sb;
    this.client = new LocalClient(sb.sandbox.core, 'e2e-test');
    this.ns = ns;
  }

  /** Runs kubectl (never throws). */
  kubectl(
    args: string[],
    opts: { input?: string; timeoutMs?: number } = {},
  ): Promise<KubectlResult> {
    return kubectl(this.sb.kubeconfig, ['-n', this.ns, ...args], opts);
  }

  /** Runs kubectl and returns stdout; throws on a non-zero exit. */
  async ok(args: string[], opts: { input?: string; timeoutMs?: number } = {}): Promise<string> {
    const r = await this.kubectl(args, { timeoutMs: 60_000, ...opts });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} → ${String(r.code)}: ${r.stderr}`);
    return r.stdout;
  }

  /** `kubectl apply -f -` of JSON objects (a JSON stream: the sandbox serves no OpenAPI v2, which
   * kubectl needs to validate a `List`). */
  apply(...objs: object[]): Promise<string> {
    const input = objs.map((o) => JSON.stringify(o)).join('\n');
    return this.ok(['apply', '-f', '-'], { input });
  }

  /** `kubectl exec POD -- ARGV` stdout; throws on a non-zero exit. */
  exec(pod: string, argv: string[]): Promise<string> {
    return this.ok(['exec', pod, '--', ...argv]);
  }

  pod(name: string): Obj {
    return this.client.get(R.pods, this.ns, name);
  }

  get(resKey: string, name: string): Obj {
    return this.client.get(resKey, this.ns, name);
  }

  /** A cluster-scoped object. */
  getCluster(resKey: string, name: string): Obj {
    return this.client.get(resKey, undefined, name);
  }

  list(resKey: string): Obj[] {
    return this.client.list<KubeObject>(resKey, this.ns);
  }

  /** Objects of a cluster-scoped resource. */
  listAll(resKey: string): Obj[] {
    return this.client.list<KubeObject>(resKey);
  }

  node(name: string): Obj {
    return this.client.get(R.nodes, undefined, name);
  }

  /** Waits until the pod exists, is not terminating, and is Running and Ready; returns it. */
  waitReady(
    name: string,
    timeoutMs = 45_000,
    extra: (p: Obj) => boolean = () => true,
  ): Promise<Obj> {
    return waitFor(
      `pod ${name} Ready`,
      () => {
        const p = this.pod(name);
        return p && !p.metadata.deletionTimestamp && isReady(p) && extra(p) && p;
      },
      timeoutMs,
    );
  }

  /** Reason/message lines of the events about an object. */
  events(name: string): string[] {
    return this.list(R.events)
      .filter((e: Obj) => e.involvedObject?.name === name)
      .map((e: Obj) => `${String(e.reason)}: ${String(e.message)}`);
  }
}

/** Whether a pod is Running with condition Ready=True. */
export const isReady = (p: Obj): boolean =>
  p?.status?.phase === 'Running' &&
  p.status.conditions?.some((c: Obj) => c.type === 'Ready' && c.status === 'True') === true;

/** Status of a node condition (`Ready` by default). */
export const nodeCondition = (n: Obj, type = 'Ready'): Obj =>
  n?.status?.conditions?.find((c: Obj) => c.type === type);

/** Keys of the node's taints (`key:effect`). */
export const taintsOf = (n: Obj): string[] =>
  (n?.spec?.taints ?? []).map((t: Obj) => `${String(t.key)}:${String(t.effect)}`);

/** The PID of a container from its `steward://<pid>` containerID. */
export function containerPid(p: Obj, container?: string): number {
  const statuses: Obj[] = p?.status?.containerStatuses ?? [];
  const st = container ? statuses.find((s) => s.name === container) : statuses[0];
  const m = /^steward:\/\/(\d+)$/.exec(String(st?.containerID ?? ''));
  if (!m) throw new Error(`no containerID on pod ${String(p?.metadata?.name)}`);
  return Number(m[1]);
}

/** One HTTP GET (fresh connection) returning the body, or `error:<code>`. */
export function httpGet(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false, timeout: timeoutMs });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(body.trim()));
      res.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve(`error:${err.code ?? err.message}`));
    req.end();
  });
}

/** A StatefulSet of busybox pods with a PVC `data` at /data and a headless Service. */
export function busyboxStatefulSet(
  name: string,
  replicas: number,
  opts: { script: string; storageClass?: string; spec?: Record<string, unknown> },
): object {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      serviceName: name,
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'main',
              image: 'busybox:1.36',
              command: ['sh', '-c', opts.script],
              volumeMounts: [{ name: 'data', mountPath: '/data' }],
              readinessProbe: {
                exec: { command: ['test', '-f', '/data/hosts'] },
                initialDelaySeconds: 1,
                periodSeconds: 1,
              },
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '16Mi' } },
            ...(opts.storageClass ? { storageClassName: opts.storageClass } : {}),
          },
        },
      ],
      ...opts.spec,
    },
  };
}

/** A headless Service selecting `app: <app>` (default: its own name). */
export function headlessService(name: string, app = name, port = 8080): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { clusterIP: 'None', selector: { app }, ports: [{ name: 'http', port }] },
  };
}
