// Node rows: STATUS ("Ready,SchedulingDisabled"), ROLES, AGE, VERSION | addresses and system info.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import { str } from '../format.ts';

interface Node extends KubeObject {
  spec?: { unschedulable?: boolean };
  status?: {
    conditions?: { type?: string; status?: string }[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: {
      kubeletVersion?: string;
      osImage?: string;
      kernelVersion?: string;
      containerRuntimeVersion?: string;
    };
  };
}

function nodeStatus(node: Node): string {
  // Upstream keeps the last condition of each type, and only looks at Ready.
  const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').at(-1);
  const status = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role` values, sorted. */
export function nodeRoles(labels: Record<string, string> | undefined): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

const address = (node: Node, type: string): string =>
  (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

/** Node printer. */
export const nodePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    AGE_COLUMN,
    col('Version', DESC.kubeletVersion),
    col('Internal-IP', DESC.nodeAddresses, { wide: true }),
    col('External-IP', DESC.nodeAddresses, { wide: true }),
    col('OS-Image', DESC.osImage, { wide: true }),
    col('Kernel-Version', DESC.kernelVersion, { wide: true }),
    col('Container-Runtime', DESC.containerRuntimeVersion, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const node = obj as Node;
    const info = node.status?.nodeInfo;
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      nodeRoles(node.metadata.labels),
      since(node.metadata.creationTimestamp, now),
      str(info?.kubeletVersion),
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};
