// Test support for the services tests: a node driven by the test (`sim-1`, kept healthy by renewing
// its Lease), pods on it whose status the test sets, and tiny TCP servers standing in for containers.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { R, type LocalClient } from '../../src/sandbox/controllers/local-client.ts';
import type { PodObject } from '../../src/sandbox/controllers/services/types.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';

export { waitFor } from '../support/wait.ts';

export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A node the test drives, with pods whose status the test sets and stand-in servers on their IPs. */
export class SimNode {
  readonly name: string;
  private readonly client: LocalClient;
  private readonly ns: string;
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly servers: Server[] = [];

  constructor(client: LocalClient, name: string, ns: string) {
    this.client = client;
    this.name = name;
    this.ns = ns;
  }

  /** Registers the Node (zone `zone-x`, Ready) and keeps its Lease renewed. */
  start(): void {
    const now = new Date().toISOString();
    const node = this.client.create(R.nodes, {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: this.name,
        labels: { 'kubernetes.io/hostname': this.name, 'topology.kubernetes.io/zone': 'zone-x' },
      },
      spec: {},
    });
    const ready = { type: 'Ready', status: 'True', reason: 'KubeletReady' };
    this.client.updateStatus(R.nodes, {
      ...node,
      status: { conditions: [{ ...ready, lastHeartbeatTime: now, lastTransitionTime: now }] },
    });
    this.renewLease();
    this.leaseTimer = setInterval(() => this.renewLease(), 300);
  }

  /** Stops renewing and closes the stand-in servers. */
  async stop(): Promise<void> {
    clearInterval(this.leaseTimer);
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
  }

  private renewLease(): void {
    const now = new Date().toISOString().replace('Z', '000Z');
    const lease = this.client.get(R.leases, 'kube-node-lease', this.name);
    if (!lease) {
      this.client.create(R.leases, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: this.name, namespace: 'kube-node-lease' },
        spec: { holderIdentity: this.name, leaseDurationSeconds: 40, renewTime: now },
      });
    } else {
      this.client.mutate(R.leases, 'kube-node-lease', this.name, (l) => {
        (l.spec as { renewTime: string }).renewTime = now;
      });
    }
  }

  /** Creates a pod on this node and makes it Running and Ready with `ip`. */
  runPod(
    name: string,
    ip: string,
    labels: Record<string, string>,
    extra: Record<string, unknown> = {},
  ): void {
    this.client.create<KubeObject>(R.pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: this.ns, labels },
      spec: {
        nodeName: this.name,
        containers: [
          {
            name: 'c',
            image: 'example.invalid/echo',
            ports: [{ name: 'echo', containerPort: 7001 }],
          },
        ],
        ...extra,
      },
    });
    this.setPodStatus(name, ip, true);
  }

  /** Sets the pod's Ready (and ContainersReady) condition through the status subresource. */
  setReady(name: string, ready: boolean): void {
    const ip = this.client.get<PodObject>(R.pods, this.ns, name)?.status?.podIP ?? '';
    this.setPodStatus(name, ip, ready);
  }

  private setPodStatus(name: string, ip: string, ready: boolean): void {
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const status = ready ? 'True' : 'False';
    const conditions = ['Initialized', 'ContainersReady', 'Ready', 'PodScheduled'].map((type) => ({
      type,
      status: type === 'Ready' || type === 'ContainersReady' ? status : 'True',
      lastTransitionTime: now,
    }));
    const update = (p: PodObject): void => {
      p.status = { ...p.status, phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions };
    };
    this.client.mutate<PodObject>(R.pods, this.ns, name, update, true);
  }

  /** A stand-in container on `ip`:7001: answers each connection with `<id>\n`, then echoes. */
  async backend(ip: string, id: string): Promise<void> {
    const server = createServer((s) => {
      s.write(`${id}\n`);
      s.pipe(s);
    });
    this.servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(7001, ip, () => resolve());
    });
  }
}

/** Connects and returns the open socket with the first line it sent, or the error code. */
export function dial(
  ip: string,
  port: number,
): Promise<{ socket: Socket; id: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: ip, port });
    let buf = '';
    socket.setTimeout(3000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d: Buffer) => {
      buf += d.toString();
      if (buf.includes('\n')) resolve({ socket, id: buf.split('\n')[0] ?? '' });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    socket.on('close', () => resolve({ error: 'closed' }));
  });
}

export async function idOf(ip: string, port: number): Promise<string> {
  const r = await dial(ip, port);
  if ('error' in r) return `error:${r.error}`;
  r.socket.destroy();
  return r.id;
}
