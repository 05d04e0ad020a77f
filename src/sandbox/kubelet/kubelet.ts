// The kubelet's pod manager: watches the pods bound to its node and the cluster DNS ConfigMap,
// runs one PodWorker per pod, and cleans up pods it ran before that are gone.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TimerHandle } from '../../lib/clock.ts';
import type { KubeletDeps } from './deps.ts';
import { Informer } from './informer.ts';
import { PodWorker } from './pod-worker.ts';
import { killMountNamespace } from './mount-namespace.ts';
import { isRunning } from './records.ts';
import { isSameProcess, signalGroup } from './runtime.ts';
import { loadPodState, podDirs } from './state-file.ts';
import type { Pod } from './types.ts';
import type { KubeObject } from '../apiserver/types.ts';

/** The DNS ConfigMap the services component maintains. */
export const DNS_CONFIGMAP = { namespace: 'kube-system', name: 'sandbox-dns' };

/** Runs the pods of one node. */
export class Kubelet {
  readonly workers = new Map<string, PodWorker>();
  private readonly deps: KubeletDeps;
  private readonly pods: Informer<Pod>;
  private readonly dns: Informer<KubeObject>;
  private readonly onVolumes: () => void;
  private tick: TimerHandle | undefined;
  private stopped = false;
  private cleaned = false;

  constructor(deps: KubeletDeps, onVolumes: () => void) {
    this.deps = deps;
    this.onVolumes = onVolumes;
    // Bookmarks arrive every bookmarkIntervalMs: a watch silent for three of them is cut off.
    const idleMs = 3 * deps.timings.bookmarkIntervalMs + 5_000;
    this.pods = new Informer<Pod>(
      deps.client,
      {
        path: '/api/v1/pods',
        query: `fieldSelector=${encodeURIComponent(`spec.nodeName=${deps.node.name}`)}`,
        idleMs,
      },
      {
        onChange: (pod, deleted) => this.onPod(pod, deleted),
      },
    );
    this.dns = new Informer<KubeObject>(
      deps.client,
      {
        path: `/api/v1/namespaces/${DNS_CONFIGMAP.namespace}/configmaps`,
        query: `fieldSelector=${encodeURIComponent(`metadata.name=${DNS_CONFIGMAP.name}`)}`,
        idleMs,
      },
      { onChange: () => this.kickAll() },
    );
  }

  /** `data.hosts` of the DNS ConfigMap ('' until it exists). */
  dnsHosts(): string {
    const cm = this.dns.cache.get(`${DNS_CONFIGMAP.namespace}/${DNS_CONFIGMAP.name}`) as
      { data?: { hosts?: string } } | undefined;
    return cm?.data?.hosts ?? '';
  }

  /** volumesInUse of the node: PVCs mounted by its pods. */
  volumesInUse(): string[] {
    return [...new Set([...this.workers.values()].flatMap((w) => w.inUse))];
  }

  /** The worker of a pod by namespace and name. */
  find(namespace: string, name: string): PodWorker | undefined {
    return [...this.workers.values()].find(
      (w) => w.pod.metadata.namespace === namespace && w.pod.metadata.name === name,
    );
  }

  start(): void {
    void this.pods.run();
    void this.dns.run();
    this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pods.stop();
    this.dns.stop();
    if (this.tick) this.deps.clock.clearTimeout(this.tick);
    await Promise.resolve();
  }

  private loop(): void {
    if (this.stopped) return;
    if (!this.cleaned && this.pods.hasSynced) this.cleanOrphans();
    this.kickAll();
    this.tick = this.deps.clock.setTimeout(() => this.loop(), this.deps.timings.kubeletSyncMs);
  }

  private kickAll(): void {
    for (const w of this.workers.values()) w.kick();
  }

  private onPod(pod: Pod, deleted: boolean): void {
    const uid = pod.metadata.uid ?? '';
    const w = this.workers.get(uid);
    if (deleted) {
      if (!w) return;
      this.workers.delete(uid);
      void w.remove().then(() => this.onVolumes());
      return;
    }
    if (w) return w.update(pod);
    const nw = new PodWorker(pod, this.deps, {
      volumes: this.onVolumes,
      processes: () => this.writePids(),
    });
    this.workers.set(uid, nw);
    this.writePids();
    nw.kick();
  }

  /** Records the PIDs of running containers in DIR/nodes/<node>/pids.json (for the node supervisor). */
  private writePids(): void {
    const pids = [...this.workers.values()].flatMap((w) =>
      [...w.records.values()].filter(isRunning).map((r) => r.pid ?? 0),
    );
    const tmp = join(this.deps.nodeDir, 'pids.json.tmp');
    writeFileSync(tmp, JSON.stringify(pids.filter((p) => p > 0)));
    renameSync(tmp, join(this.deps.nodeDir, 'pids.json'));
  }

  /** Kills and removes what a previous run left for pods that no longer exist. */
  private cleanOrphans(): void {
    this.cleaned = true;
    const podsDir = join(this.deps.nodeDir, 'pods');
    for (const uid of podDirs(podsDir)) {
      if (this.workers.has(uid)) continue;
      const dir = join(podsDir, uid);
      for (const r of loadPodState(dir)?.records ?? []) {
        if (r.pid !== undefined && !r.terminated && isSameProcess(r.pid, r.procStart))
          signalGroup(r.pid, 'SIGKILL');
        if (r.mntNs) killMountNamespace(r.mntNs);
      }
      rmSync(dir, { recursive: true, force: true });
      this.deps.ips.release(uid);
    }
    for (const uid of this.deps.ips.uids()) if (!this.workers.has(uid)) this.deps.ips.release(uid);
  }
}
