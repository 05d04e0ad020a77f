// Result shape of one sandbox benchmark run and its human-readable table.
import type { GroupStats } from './procs.ts';
import type { WorkloadResult } from './phases.ts';

/** Memory of the sandbox's processes at one moment (bytes). */
export interface MemorySnapshot {
  /** Control plane VmRSS and VmHWM as found, then its V8 heap in use after a forced GC. */
  controlPlane: { rssBytes: number; hwmBytes: number; heapUsedBytes: number };
  kubelets: GroupStats;
  containers: GroupStats;
}

/** CPU time used during one phase (ms). */
export interface PhaseCpu {
  controlPlane: number;
  kubelets: number;
}

/** A workload run to Ready, then deleted. */
export type WorkloadRun = WorkloadResult & { deleteMs: number };

/** Everything one run measured (written to results.json and printed as the last line). */
export interface SandboxBenchResults {
  quick: boolean;
  node: string;
  cpus: number;
  memTotalBytes: number;
  loadAvg: { start: number; end: number };
  timings: 'upstream';
  config: { nodes: number; statefulSetPods: number; manyPods: number };
  startup: {
    spawnToListeningMs: number;
    listeningToNodesReadyMs: number;
    upToNodesReadyMs: number;
  };
  statefulSets: { parallel: WorkloadRun; orderedReady: WorkloadRun };
  manyPods: WorkloadRun;
  memory: {
    idle: MemorySnapshot;
    manyPods: MemorySnapshot;
    /** (with pods − idle) / pods, control plane and all kubelets. */
    bytesPerPod: { controlPlane: number; kubelets: number };
  };
  cpuMs: Record<string, PhaseCpu>;
  /** How long the sandbox's close took and processes still alive after it (killed by the bench). */
  stop: { closeMs: number | undefined; leftoverProcesses: number };
  totalMs: number;
}

const mb = (b: number): string => `${(b / 1048576).toFixed(1)} MB`;
const pad = (cells: string[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(24) : c.padStart(10))).join(' ');

function workloadRow(name: string, w: WorkloadRun, cpu: PhaseCpu | undefined): string {
  return pad([
    name,
    String(w.pods),
    String(w.allReadyMs),
    String(w.perPodMs),
    String(Math.round(w.podCreateToScheduled.p50)),
    String(Math.round(w.podCreateToReady.p50)),
    String(Math.round(w.podCreateToReady.p99)),
    String(w.deleteMs),
    String(Math.round(cpu?.controlPlane ?? 0)),
    String(Math.round(cpu?.kubelets ?? 0)),
  ]);
}

function memoryRow(name: string, m: MemorySnapshot): string {
  return pad([
    name,
    mb(m.controlPlane.rssBytes),
    mb(m.controlPlane.heapUsedBytes),
    `${mb(m.kubelets.rssBytes)} (${String(m.kubelets.count)})`,
    `${mb(m.containers.rssBytes)} (${String(m.containers.count)})`,
    mb(m.containers.pssBytes),
  ]);
}

const spread = (w: WorkloadRun): string =>
  Object.entries(w.perNode)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([n, k]) => `${n} ${String(k)}`)
    .join(', ');

/** Renders the results as a compact text table. */
export function formatTable(r: SandboxBenchResults): string {
  const s = r.startup;
  const { parallel, orderedReady } = r.statefulSets;
  return [
    `sandbox cluster: ${String(r.config.nodes)} nodes, upstream timings, control plane and kubelets in child processes`,
    `up → ${String(r.config.nodes)} nodes Ready: ${String(s.upToNodesReadyMs)} ms (spawn → API listening ${String(s.spawnToListeningMs)} ms, then ${String(s.listeningToNodesReadyMs)} ms)`,
    pad(
      ['workload → all Ready', 'pods', 'total ms', 'per pod', 'bind p50', 'ready p50'].concat([
        'ready p99',
        'delete ms',
        'cp cpu ms',
        'kubelet cpu',
      ]),
    ),
    workloadRow('StatefulSet Parallel', parallel, r.cpuMs.parallel),
    workloadRow('StatefulSet OrderedReady', orderedReady, r.cpuMs.orderedReady),
    workloadRow('Deployment', r.manyPods, r.cpuMs.manyPods),
    `  (per pod in ms: first seen in the watch → bound to a node / → Ready; StatefulSet pods have a 1 s exec readiness probe)`,
    `  pods created before their predecessor was Ready: Parallel ${String(parallel.outOfOrder ?? '?')}, OrderedReady ${String(orderedReady.outOfOrder ?? '?')}`,
    `  ${String(r.manyPods.pods)} pods per node: ${spread(r.manyPods)}`,
    pad(['memory (VmRSS)', 'control pl.', 'cp heap', 'kubelets (n)', 'pods (n)', 'pods PSS']),
    memoryRow('idle', r.memory.idle),
    memoryRow(`with ${String(r.manyPods.pods)} pods`, r.memory.manyPods),
    `  per pod: control plane ${(r.memory.bytesPerPod.controlPlane / 1024).toFixed(1)} KB, kubelets ${(r.memory.bytesPerPod.kubelets / 1024).toFixed(1)} KB; control plane peak ${mb(r.memory.manyPods.controlPlane.hwmBytes)}`,
    `stop: close ${String(r.stop.closeMs ?? '?')} ms, ${String(r.stop.leftoverProcesses)} processes left over`,
    `total ${(r.totalMs / 1000).toFixed(1)} s on ${String(r.cpus)} CPUs, ${mb(r.memTotalBytes)} RAM, load average ${r.loadAvg.start.toFixed(2)} → ${r.loadAvg.end.toFixed(2)}`,
  ].join('\n');
}
