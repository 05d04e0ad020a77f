// Deployment, ReplicaSet, StatefulSet and ControllerRevision rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, CONTAINER_COLUMNS, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import type { ContainerLike, LabelSelector } from '../format.ts';
import { containerCells, formatLabelSelector, int, selectorString } from '../format.ts';

interface Workload extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: { spec?: { containers?: ContainerLike[] } };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
  };
}

/** spec.replicas, defaulted to 1 as the v1 API does. */
const desired = (w: Workload): number =>
  typeof w.spec?.replicas === 'number' ? w.spec.replicas : 1;

const templateContainers = (w: Workload): [string, string] =>
  containerCells(w.spec?.template?.spec?.containers);

/** Deployment printer: READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR. */
export const deploymentPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', DESC.deployUpdated),
    col('Available', DESC.deployAvailable),
    AGE_COLUMN,
    ...CONTAINER_COLUMNS,
    col('Selector', DESC.deploySelector, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const d = obj as Workload;
    const selector = d.spec?.selector === undefined ? '' : selectorString(d.spec.selector);
    return [
      d.metadata.name ?? '',
      `${int(d.status?.readyReplicas)}/${desired(d)}`,
      int(d.status?.updatedReplicas),
      int(d.status?.availableReplicas),
      since(d.metadata.creationTimestamp, now),
      ...templateContainers(d),
      selector ?? '<invalid>',
    ];
  },
};

/** ReplicaSet printer: DESIRED CURRENT READY AGE | CONTAINERS IMAGES SELECTOR. */
export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Desired', DESC.rsSpecReplicas, { type: 'integer' }),
    col('Current', DESC.rsStatusReplicas, { type: 'integer' }),
    col('Ready', DESC.rsReadyReplicas, { type: 'integer' }),
    AGE_COLUMN,
    ...CONTAINER_COLUMNS,
    col('Selector', DESC.rsSelector, { wide: true }),
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const rs = obj as Workload;
    return [
      rs.metadata.name ?? '',
      desired(rs),
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      since(rs.metadata.creationTimestamp, now),
      ...templateContainers(rs),
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};

/** StatefulSet printer: READY AGE | CONTAINERS IMAGES. */
export const statefulSetPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Ready', 'Number of the pod with ready state'),
    AGE_COLUMN,
    ...CONTAINER_COLUMNS,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const s = obj as Workload;
    return [
      s.metadata.name ?? '',
      `${int(s.status?.readyReplicas)}/${desired(s)}`,
      since(s.metadata.creationTimestamp, now),
      ...templateContainers(s),
    ];
  },
};

/** "kind.group/name" of the controlling owner, lower-cased kind and group (formatResourceName). */
export function controllerName(obj: KubeObject): string {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const slash = ref.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  const groupKind = group ? `${ref.kind}.${group}` : ref.kind;
  if (!groupKind) return ref.name;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

/** ControllerRevision printer: CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME_COLUMN,
    col('Controller', 'Controller of the object'),
    col('Revision', DESC.crRevision),
    AGE_COLUMN,
  ],
  cells(obj: KubeObject, now: Date): TableCell[] {
    return [
      obj.metadata.name ?? '',
      controllerName(obj),
      int(obj.revision),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
