// The kubelet's node-side step of volume expansion: once a mounted claim reports
// FileSystemResizePending, grow the filesystem (nothing to grow for a directory-backed volume)
// and record the new capacity, clearing the condition and the allocated resource status.

/** The claim fields the step reads. */
export interface ClaimForResize {
  status?: {
    capacity?: Record<string, string>;
    conditions?: { type: string }[];
    allocatedResources?: Record<string, string>;
  };
}

/** The status patch that finishes a pending node expansion, or undefined when none is pending. */
export function planResizeFinish(
  pvc: ClaimForResize,
  pvCapacity: string | undefined,
): Record<string, unknown> | undefined {
  const conds = pvc.status?.conditions ?? [];
  if (!conds.some((c) => c.type === 'FileSystemResizePending')) return undefined;
  const size = pvCapacity ?? pvc.status?.allocatedResources?.storage;
  if (!size) return undefined;
  return {
    status: {
      capacity: { ...pvc.status?.capacity, storage: size },
      conditions: conds.filter(
        (c) => c.type !== 'FileSystemResizePending' && c.type !== 'Resizing',
      ),
      allocatedResourceStatuses: null,
    },
  };
}

/** The pod event upstream records after a node expansion. */
export function resizeSuccessMessage(pvName: string, node: string): string {
  return `MountVolume.NodeExpandVolume succeeded for volume "${pvName}" ${node}`;
}
