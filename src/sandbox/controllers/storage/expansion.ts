// The expansion state machine (expand controller + external resizer + the kubelet's node step),
// as pure functions over the claim: what to do next, and the statuses each step writes.
import * as C from './constants.ts';
import type { Claim, ClaimStatus, Condition, Volume } from './objects.ts';
import { bytesOf, claimCapacity, claimRequest } from './objects.ts';

export const CONTROLLER_RESIZE_IN_PROGRESS = 'ControllerResizeInProgress';
export const NODE_RESIZE_PENDING = 'NodeResizePending';
export const NODE_RESIZE_FAILED = 'NodeResizeFailed';
const NODE_STATES = [NODE_RESIZE_PENDING, 'NodeResizeInProgress', NODE_RESIZE_FAILED];

/** The next expansion step of a claim. */
export type ExpansionStep =
  | { kind: 'none' }
  /** Expand controller: hand the claim to the CSI resizer (annotation + ExternalExpanding). */
  | { kind: 'annotate' }
  /** Resizer: Resizing, grow the volume to `target`, then FileSystemResizePending. */
  | { kind: 'controller-expand'; target: string }
  /** Waiting for the kubelet to grow the filesystem. */
  | { kind: 'await-node' };

/** Decides the next step for a claim bound to `volume` (a volume of `driver`). */
export function planExpansion(c: Claim, volume: Volume | undefined, driver: string): ExpansionStep {
  if (c.status?.phase !== 'Bound' || !volume || volume.spec.csi?.driver !== driver)
    return { kind: 'none' };
  const request = c.spec.resources?.requests?.storage ?? '';
  const req = claimRequest(c);
  const state = c.status.allocatedResourceStatuses?.storage;
  const allocated = bytesOf(c.status.allocatedResources?.storage);
  if (state && NODE_STATES.includes(state))
    return req > allocated
      ? { kind: 'controller-expand', target: request }
      : { kind: 'await-node' };
  if (state === CONTROLLER_RESIZE_IN_PROGRESS)
    return { kind: 'controller-expand', target: request };
  if (req <= claimCapacity(c)) return { kind: 'none' };
  if (c.metadata.annotations?.[C.ANN_STORAGE_RESIZER] !== driver) return { kind: 'annotate' };
  return { kind: 'controller-expand', target: request };
}

const condition = (type: string, now: string, message?: string): Condition => ({
  type,
  status: 'True',
  lastProbeTime: null,
  lastTransitionTime: now,
  ...(message ? { message } : {}),
});

const withoutResizeConditions = (s: ClaimStatus): Condition[] =>
  (s.conditions ?? []).filter((x) => x.type !== 'Resizing' && x.type !== 'FileSystemResizePending');

/** Status when the resizer starts: allocatedResources, ControllerResizeInProgress, Resizing. */
export function resizeStartedStatus(c: Claim, target: string, now: string): ClaimStatus {
  const s = structuredClone(c.status ?? {});
  s.allocatedResources = { ...(s.allocatedResources ?? {}), storage: target };
  s.allocatedResourceStatuses = {
    ...(s.allocatedResourceStatuses ?? {}),
    storage: CONTROLLER_RESIZE_IN_PROGRESS,
  };
  s.conditions = [...withoutResizeConditions(s), condition('Resizing', now)];
  return s;
}

/** Status once the volume grew and the node must grow the filesystem: FileSystemResizePending. */
export function nodeResizePendingStatus(c: Claim, now: string): ClaimStatus {
  const s = structuredClone(c.status ?? {});
  s.allocatedResourceStatuses = {
    ...(s.allocatedResourceStatuses ?? {}),
    storage: NODE_RESIZE_PENDING,
  };
  s.conditions = [
    ...withoutResizeConditions(s),
    condition('FileSystemResizePending', now, C.MSG_FS_RESIZE_PENDING),
  ];
  return s;
}

/** Status after the node step: capacity = allocated size, conditions and resize status cleared. */
export function nodeResizeFinishedStatus(c: Claim): ClaimStatus {
  const s = structuredClone(c.status ?? {});
  const size = s.allocatedResources?.storage ?? c.spec.resources?.requests?.storage;
  if (size) s.capacity = { ...(s.capacity ?? {}), storage: size };
  const conditions = withoutResizeConditions(s);
  if (conditions.length > 0) s.conditions = conditions;
  else delete s.conditions;
  const statuses = { ...(s.allocatedResourceStatuses ?? {}) };
  delete statuses.storage;
  if (Object.keys(statuses).length > 0) s.allocatedResourceStatuses = statuses;
  else delete s.allocatedResourceStatuses;
  return s;
}

/** Status after a failed node step (the kubelet retries at the next mount). */
export function nodeResizeFailedStatus(c: Claim): ClaimStatus {
  const s = structuredClone(c.status ?? {});
  s.allocatedResourceStatuses = {
    ...(s.allocatedResourceStatuses ?? {}),
    storage: NODE_RESIZE_FAILED,
  };
  return s;
}

/** Whether the claim waits for the node step (what the kubelet checks when mounting). */
export const nodeExpansionPending = (c: Claim): boolean =>
  NODE_STATES.includes(c.status?.allocatedResourceStatuses?.storage ?? '');
