// The shapes of apps/v1 StatefulSet and core/v1 PersistentVolumeClaim the controller reads.
import type { LabelSelectorObject } from '../../apiserver/selectors.ts';
import type { KubeObject } from '../../apiserver/types.ts';
import type { PodTemplate } from '../replicaset/pod-util.ts';

export type RetentionPolicyType = 'Retain' | 'Delete';

/** apps/v1 StatefulSetSpec (defaults applied by the API server). */
export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelectorObject;
  template: PodTemplate;
  volumeClaimTemplates?: PersistentVolumeClaim[];
  serviceName?: string;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: {
    type?: 'RollingUpdate' | 'OnDelete';
    rollingUpdate?: { partition?: number; maxUnavailable?: unknown };
  };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: {
    whenDeleted?: RetentionPolicyType;
    whenScaled?: RetentionPolicyType;
  };
  ordinals?: { start?: number };
}

/** apps/v1 StatefulSetStatus. */
export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas?: number;
  currentReplicas?: number;
  updatedReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  availableReplicas: number;
  conditions?: unknown[];
}

/** apps/v1 StatefulSet. */
export interface StatefulSet extends KubeObject {
  spec: StatefulSetSpec;
  status?: StatefulSetStatus;
}

/** core/v1 PersistentVolumeClaim (as a claim template or a claim). */
export interface PersistentVolumeClaim extends KubeObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

export const STS_API_VERSION = 'apps/v1';
export const STS_KIND = 'StatefulSet';
/** Labels the controller puts on its pods. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const REVISION_LABEL = 'controller-revision-hash';
