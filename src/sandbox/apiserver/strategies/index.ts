// The strategy table of the built-in kinds, keyed by `strategyKey` (`group/plural`).
import type { StrategyTable } from '../strategy.ts';
import { configMapStrategy, secretStrategy } from './config-data.ts';
import { cronJobStrategy, jobStrategy } from './jobs.ts';
import { persistentVolumeClaimStrategy, persistentVolumeStrategy } from './persistent-volumes.ts';
import { podStrategy } from './pods.ts';
import { serviceStrategy } from './services.ts';
import {
  controllerRevisionStrategy,
  endpointSliceStrategy,
  eventStrategy,
  leaseStrategy,
  namespaceStrategy,
  nodeStrategy,
  pathSegmentOnly,
  pdbStrategy,
  subdomainOnly,
} from './small-kinds.ts';
import { statefulSetStrategy } from './statefulsets.ts';
import { storageClassStrategy, volumeAttachmentStrategy } from './storage.ts';
import { deploymentStrategy, replicaSetStrategy } from './workloads.ts';

export { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
export type { ObjectMetaOptions } from './object-meta.ts';
export { createPodStrategy } from './pods.ts';

/** Kind-specific behaviour of every built-in resource. */
export const BUILTIN_STRATEGIES: StrategyTable = {
  '/configmaps': configMapStrategy,
  '/endpoints': subdomainOnly,
  '/events': eventStrategy,
  '/namespaces': namespaceStrategy,
  '/nodes': nodeStrategy,
  '/persistentvolumeclaims': persistentVolumeClaimStrategy,
  '/persistentvolumes': persistentVolumeStrategy,
  '/pods': podStrategy,
  '/secrets': secretStrategy,
  '/serviceaccounts': subdomainOnly,
  '/services': serviceStrategy,
  'apps/controllerrevisions': controllerRevisionStrategy,
  'apps/deployments': deploymentStrategy,
  'apps/replicasets': replicaSetStrategy,
  'apps/statefulsets': statefulSetStrategy,
  'batch/cronjobs': cronJobStrategy,
  'batch/jobs': jobStrategy,
  'coordination.k8s.io/leases': leaseStrategy,
  'storage.k8s.io/storageclasses': storageClassStrategy,
  'storage.k8s.io/volumeattachments': volumeAttachmentStrategy,
  'policy/poddisruptionbudgets': pdbStrategy,
  'rbac.authorization.k8s.io/clusterrolebindings': pathSegmentOnly,
  'rbac.authorization.k8s.io/clusterroles': pathSegmentOnly,
  'rbac.authorization.k8s.io/rolebindings': pathSegmentOnly,
  'rbac.authorization.k8s.io/roles': pathSegmentOnly,
  'discovery.k8s.io/endpointslices': endpointSliceStrategy,
  'events.k8s.io/events': subdomainOnly,
};
