// Which printer renders which built-in kind, keyed by "group/Kind" ('' group for core).
import type { Printer } from '../columns.ts';
import { cronJobPrinter, jobPrinter } from './batch.ts';
import {
  configMapPrinter,
  namespacePrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './core.ts';
import { coreEventPrinter, eventsV1Printer } from './event.ts';
import {
  clusterRoleBindingPrinter,
  leasePrinter,
  podDisruptionBudgetPrinter,
  roleBindingPrinter,
} from './misc.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network.ts';
import { nodePrinter } from './node.ts';
import { podPrinter } from './pod.ts';
import {
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage.ts';
import {
  controllerRevisionPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads.ts';

const PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/Pod', podPrinter],
  ['/Service', servicePrinter],
  ['/Endpoints', endpointsPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Secret', secretPrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['/Namespace', namespacePrinter],
  ['/Node', nodePrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/Event', coreEventPrinter],
  ['events.k8s.io/Event', eventsV1Printer],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['batch/Job', jobPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
  ['storage.k8s.io/VolumeAttachment', volumeAttachmentPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
]);

/** The printer upstream registers for a kind; undefined means the default table (NAME, CREATED AT). */
export function printerFor(group: string, kind: string): Printer | undefined {
  return PRINTERS.get(`${group}/${kind}`);
}
