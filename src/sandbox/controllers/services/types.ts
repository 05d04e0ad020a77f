// Typed views of the objects the service controllers read and write (Service, Pod, Endpoints,
// EndpointSlice, Node), plus the well-known labels and annotations they use.
import type { KubeObject } from '../../apiserver/types.ts';

export interface ServicePort {
  name?: string;
  protocol?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
}

export interface ServiceObject extends KubeObject {
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    clusterIPs?: string[];
    ipFamilies?: string[];
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    sessionAffinity?: string;
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
    [k: string]: unknown;
  };
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface PodContainer {
  name: string;
  ports?: ContainerPort[];
  restartPolicy?: string;
}

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export interface PodObject extends KubeObject {
  spec?: {
    nodeName?: string;
    hostname?: string;
    subdomain?: string;
    containers?: PodContainer[];
    initContainers?: PodContainer[];
    [k: string]: unknown;
  };
  status?: {
    phase?: string;
    podIP?: string;
    podIPs?: { ip: string }[];
    conditions?: PodCondition[];
    [k: string]: unknown;
  };
}

export interface ObjectReference {
  kind: string;
  namespace?: string | undefined;
  name: string;
  uid?: string | undefined;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface EndpointsObject extends KubeObject {
  subsets?: EndpointSubset[];
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: ObjectReference;
}

export interface SlicePort {
  name?: string;
  port?: number;
  protocol?: string;
  appProtocol?: string;
}

export interface EndpointSliceObject extends KubeObject {
  addressType: string;
  endpoints?: SliceEndpoint[] | null;
  ports?: SlicePort[] | null;
}

export interface NodeObject extends KubeObject {
  status?: { addresses?: { type: string; address: string }[]; [k: string]: unknown };
}

/** Label on EndpointSlices naming their Service. */
export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
/** Label on EndpointSlices naming the controller that manages them. */
export const LABEL_SLICE_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** The EndpointSlice controller's name (value of LABEL_SLICE_MANAGED_BY). */
export const SLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** Label on Endpoints naming the controller that manages them (upstream since 1.33). */
export const LABEL_ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
/** The Endpoints controller's name (value of LABEL_ENDPOINTS_MANAGED_BY). */
export const ENDPOINTS_CONTROLLER_NAME = 'endpoint-controller';
/** Label set on Endpoints and EndpointSlices of headless Services. */
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
/** Annotation with the time of the last change that triggered an endpoints update. */
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
/** Annotation set on Endpoints truncated to MAX_ENDPOINTS_CAPACITY addresses. */
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/** Label of a node's zone. */
export const LABEL_ZONE = 'topology.kubernetes.io/zone';
/** Upstream caps: 1000 addresses per Endpoints, 100 endpoints per EndpointSlice. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** Whether the Service has a virtual IP (not headless, not ExternalName). */
export const isServiceIPSet = (svc: ServiceObject): boolean =>
  !!svc.spec?.clusterIP && svc.spec.clusterIP !== 'None';
