// Runs one kubelet process per node and carries out node faults: kill (power off), freeze/thaw
// (SIGSTOP/SIGCONT of the kubelet and every container), partition/heal (the node's path to the
// API server), terminate (instance gone for good) and start.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../lib/logger.ts';
import {
  nodeApiAddress,
  type ClusterConfig,
  type NodeSpec,
  type SandboxTimings,
} from '../config.ts';
import type { InstanceState, InstanceStore } from './instances.ts';
import { NodeRelay } from './node-network.ts';
import { isAlive, signalTree } from './process-tree.ts';
import { mountNamespaceOf, processesInMountNamespace } from '../kubelet/mount-namespace.ts';

export type NodeFault = 'kill' | 'freeze' | 'thaw' | 'partition' | 'heal' | 'terminate' | 'start';
export const NODE_FAULTS: readonly NodeFault[] = [
  'kill',
  'freeze',
  'thaw',
  'partition',
  'heal',
  'terminate',
  'start',
];

/** How the supervisor starts a kubelet (injected so tests can substitute it). */
export interface KubeletLauncher {
  (node: NodeSpec, apiUrl: string, logFile: string): ChildProcess;
}

export interface SupervisorDeps {
  cluster: ClusterConfig;
  timings: SandboxTimings;
  dir: string;
  instances: InstanceStore;
  log: Logger;
  /** Host and port of the API server the relays forward to. */
  api: { host: string; port: number };
  launch?: KubeletLauncher;
}

interface NodeRuntime {
  spec: NodeSpec;
  relay: NodeRelay;
  child: ChildProcess | undefined;
  frozen: boolean;
}

const KUBELET_MAIN = join(import.meta.dirname, '..', 'kubelet', 'main.ts');

/** Default launcher: `node src/sandbox/kubelet/main.ts --dir DIR --node NAME --api-url URL`. */
function defaultLauncher(dir: string, timings: SandboxTimings): KubeletLauncher {
  return (node, apiUrl, logFile) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(
      process.execPath,
      [
        KUBELET_MAIN,
        '--dir',
        dir,
        '--node',
        node.name,
        '--api-url',
        apiUrl,
        '--timings-json',
        JSON.stringify(timings),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    return child;
  };
}

/** Supervises the kubelets of all nodes. */
export class NodeSupervisor {
  private readonly deps: SupervisorDeps;
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly launch: KubeletLauncher;
  private stopping = false;

  constructor(deps: SupervisorDeps) {
    this.deps = deps;
    this.launch = deps.launch ?? defaultLauncher(deps.dir, deps.timings);
  }

  /** Opens each node's relay and starts the kubelets of running instances. */
  async start(): Promise<void> {
    for (const spec of this.deps.cluster.nodes) {
      const relay = new NodeRelay(nodeApiAddress(spec), this.deps.api);
      await relay.listen(this.deps.api.port);
      const rt: NodeRuntime = { spec, relay, child: undefined, frozen: false };
      this.nodes.set(spec.name, rt);
      mkdirSync(this.nodeDir(spec.name), { recursive: true });
      if (this.deps.instances.get(spec.name) === 'running') this.spawnKubelet(rt);
    }
  }

  private nodeDir(name: string): string {
    return join(this.deps.dir, 'nodes', name);
  }

  private spawnKubelet(rt: NodeRuntime): void {
    const child = this.launch(
      rt.spec,
      rt.relay.url,
      join(this.nodeDir(rt.spec.name), 'kubelet.log'),
    );
    rt.child = child;
    writeFileSync(join(this.nodeDir(rt.spec.name), 'kubelet.pid'), String(child.pid ?? ''));
    child.on('exit', (code, signal) => {
      if (rt.child !== child) return;
      rt.child = undefined;
      if (this.stopping || this.deps.instances.get(rt.spec.name) !== 'running') return;
      this.deps.log.warn('kubelet exited; restarting it', { node: rt.spec.name, code, signal });
      setTimeout(() => {
        if (!this.stopping && !rt.child && this.deps.instances.get(rt.spec.name) === 'running')
          this.spawnKubelet(rt);
      }, 1000);
    });
  }

  /** PIDs of container processes the kubelet recorded (they outlive a killed kubelet). */
  private containerPids(name: string): number[] {
    try {
      const data = JSON.parse(
        readFileSync(join(this.nodeDir(name), 'pids.json'), 'utf8'),
      ) as unknown;
      return Array.isArray(data)
        ? data.filter((p): p is number => typeof p === 'number' && isAlive(p))
        : [];
    } catch {
      return [];
    }
  }

  /** Signals the node's kubelet tree and recorded containers; returns the PIDs signalled. */
  private signalNode(rt: NodeRuntime, signal: NodeJS.Signals): number[] {
    const root = rt.child?.pid;
    const containers = this.containerPids(rt.spec.name);
    // Processes that left a container's process tree (a postmaster whose agent died) are still in
    // its mount namespace: a dead node takes them too.
    const hostNs = mountNamespaceOf(process.pid);
    const namespaces = new Set(
      containers.map(mountNamespaceOf).filter((ns) => ns !== undefined && ns !== hostNs),
    );
    const extra = [
      ...containers,
      ...[...namespaces].flatMap((ns) => processesInMountNamespace(ns!)),
    ];
    if (root !== undefined) return signalTree(root, signal, extra);
    return extra.flatMap((pid) => signalTree(pid, signal));
  }

  /** The instance state of a node. */
  state(name: string): InstanceState {
    return this.deps.instances.get(name);
  }

  /** Applies a fault to a node; returns a one-line description of what happened. */
  fault(name: string, fault: NodeFault): string {
    const rt = this.nodes.get(name);
    if (!rt) throw new Error(`node "${name}" does not exist`);
    const inst = this.deps.instances;
    switch (fault) {
      case 'kill':
      case 'terminate':
        this.signalNode(rt, 'SIGKILL');
        rt.child = undefined;
        rt.frozen = false;
        inst.set(name, fault === 'kill' ? 'stopped' : 'terminated');
        return fault === 'kill'
          ? `node ${name} powered off (instance stopped)`
          : `node ${name} terminated`;
      case 'freeze':
        this.signalNode(rt, 'SIGSTOP');
        rt.frozen = true;
        return `node ${name} frozen`;
      case 'thaw':
        this.signalNode(rt, 'SIGCONT');
        rt.frozen = false;
        return `node ${name} thawed`;
      case 'partition':
        rt.relay.partition();
        return `node ${name} partitioned from the API server`;
      case 'heal':
        rt.relay.heal();
        return `node ${name} reconnected to the API server`;
      case 'start':
        if (inst.get(name) === 'terminated')
          throw new Error(`node "${name}" was terminated and cannot be started`);
        inst.set(name, 'running');
        if (!rt.child) this.spawnKubelet(rt);
        return `node ${name} started`;
    }
  }

  /** Stops every kubelet and container (SIGTERM, then SIGKILL after `graceMs`) and closes relays. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    for (const rt of this.nodes.values()) {
      if (rt.frozen) this.signalNode(rt, 'SIGCONT');
      this.signalNode(rt, 'SIGTERM');
    }
    const deadline = Date.now() + graceMs;
    while (
      Date.now() < deadline &&
      [...this.nodes.values()].some((rt) => rt.child && isAlive(rt.child.pid ?? -1))
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const killed = [...this.nodes.values()].flatMap((rt) => this.signalNode(rt, 'SIGKILL'));
    // Wait for the kill to take effect: a dying container still pins its mount namespace, and
    // with it the loop devices of its volumes, which `down` detaches next.
    const killDeadline = Date.now() + 2000;
    while (Date.now() < killDeadline && killed.some((pid) => isAlive(pid))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    for (const rt of this.nodes.values()) await rt.relay.close();
  }
}
