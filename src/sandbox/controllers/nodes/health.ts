// The node lifecycle controller's health bookkeeping and decisions (upstream
// nodelifecycle.Controller.tryUpdateNodeHealth), as pure functions over observed state.
import type { Condition, NodeObject, Taint } from './types.ts';
import { NOT_READY, readyCondition, UNREACHABLE } from './types.ts';

/** What the controller remembers about a node, in its own clock's time (ms). */
export interface NodeHealth {
  /** Local time of the last observed heartbeat (lease renew or Ready heartbeat change). */
  probeTimestamp: number;
  /** Last lease renewTime and Ready lastHeartbeatTime seen (to detect changes). */
  leaseRenewTime: string | undefined;
  readyHeartbeat: string | undefined;
}

/** Updates the bookkeeping from what the API shows now; returns the new record. */
export function observeNode(
  prev: NodeHealth | undefined,
  node: NodeObject,
  leaseRenewTime: string | undefined,
  now: number,
): NodeHealth {
  const readyHeartbeat = readyCondition(node)?.lastHeartbeatTime;
  if (!prev) return { probeTimestamp: now, leaseRenewTime, readyHeartbeat };
  const changed =
    readyHeartbeat !== prev.readyHeartbeat ||
    (leaseRenewTime !== undefined && leaseRenewTime !== prev.leaseRenewTime);
  return { probeTimestamp: changed ? now : prev.probeTimestamp, leaseRenewTime, readyHeartbeat };
}

const PRESSURE = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * Conditions after the grace period: Ready and the pressure conditions become Unknown with
 * upstream's reason and message. Returns undefined when nothing changes.
 */
export function conditionsWhenSilent(node: NodeObject, nowIso: string): Condition[] | undefined {
  const conds = [...(node.status?.conditions ?? [])];
  let changed = false;
  for (const type of ['Ready', ...PRESSURE]) {
    const i = conds.findIndex((c) => c.type === type);
    const c = conds[i];
    if (!c) {
      if (type === 'Ready') {
        conds.push({
          type,
          status: 'Unknown',
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
          lastHeartbeatTime: nowIso,
          lastTransitionTime: nowIso,
        });
        changed = true;
      }
      continue;
    }
    if (c.status === 'Unknown') continue;
    conds[i] = {
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: nowIso,
    };
    changed = true;
  }
  return changed ? conds : undefined;
}

/** The NoExecute/NoSchedule taints the Ready condition implies (TaintNodesByCondition + NoExecute taint manager). */
export function desiredReadinessTaints(
  node: NodeObject,
  existing: Taint[],
  nowIso: string,
): Taint[] {
  const status = readyCondition(node)?.status;
  const keep = existing.filter((t) => t.key !== UNREACHABLE && t.key !== NOT_READY);
  const key = status === 'Unknown' ? UNREACHABLE : status === 'False' ? NOT_READY : undefined;
  if (!key) return keep;
  const prevExec = existing.find((t) => t.key === key && t.effect === 'NoExecute');
  return [
    ...keep,
    { key, effect: 'NoSchedule' },
    { key, effect: 'NoExecute', timeAdded: prevExec?.timeAdded ?? nowIso },
  ];
}

/** Whether two taint lists are the same (ignoring order). */
export function sameTaints(a: Taint[], b: Taint[]): boolean {
  const norm = (ts: Taint[]) =>
    ts
      .map((t) => `${t.key}|${t.value ?? ''}|${t.effect}|${t.timeAdded ?? ''}`)
      .sort()
      .join(',');
  return norm(a) === norm(b);
}
