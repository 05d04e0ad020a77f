// Builds the scheduler's snapshot from the store (plus pods assumed on a node while their
// volumes bind, so later decisions account for them as upstream's scheduler cache does).
import type { LabelSelectorObject } from '../apiserver/selectors.ts';
import { R, type LocalClient } from '../controllers/local-client.ts';
import type { Node, Pod, Pv, Pvc, Snapshot, StorageClass, WorkloadSelector } from './types.ts';

const live = (p: Pod): boolean =>
  Boolean(p.spec.nodeName) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';

function workloads(client: LocalClient): WorkloadSelector[] {
  const out: WorkloadSelector[] = [];
  for (const s of client.list(R.services)) {
    const sel = (s.spec as { selector?: Record<string, string> } | undefined)?.selector;
    if (sel && Object.keys(sel).length > 0)
      out.push({ namespace: s.metadata.namespace ?? '', selector: { matchLabels: sel } });
  }
  for (const key of [R.replicasets, R.statefulsets]) {
    for (const w of client.list(key)) {
      const sel = (w.spec as { selector?: LabelSelectorObject } | undefined)?.selector;
      if (sel) out.push({ namespace: w.metadata.namespace ?? '', selector: sel });
    }
  }
  return out;
}

/** The current snapshot; `assumed` maps pod keys (`ns/name`) to the node they are assumed on. */
export function buildSnapshot(client: LocalClient, assumed: Map<string, string>): Snapshot {
  const pods: Pod[] = [];
  for (const p of client.list<Pod>(R.pods)) {
    const node = assumed.get(`${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`);
    if (node && !p.spec.nodeName) pods.push({ ...p, spec: { ...p.spec, nodeName: node } });
    else if (live(p)) pods.push(p);
  }
  const namespaces: Record<string, Record<string, string>> = {};
  for (const ns of client.list(R.namespaces))
    namespaces[ns.metadata.name ?? ''] = ns.metadata.labels ?? {};
  return {
    nodes: client.list<Node>(R.nodes),
    pods,
    pvcs: client.list<Pvc>(R.pvcs),
    pvs: client.list<Pv>(R.pvs),
    storageClasses: client.list<StorageClass>(R.storageclasses),
    namespaces,
    workloads: workloads(client),
  };
}
