// Shared data shapes of the sandbox API server: objects, resource descriptions, field errors.

/** Any Kubernetes object as stored: JSON with metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string | undefined;
  generateName?: string | undefined;
  namespace?: string | undefined;
  uid?: string | undefined;
  resourceVersion?: string | undefined;
  generation?: number | undefined;
  creationTimestamp?: string | undefined;
  deletionTimestamp?: string | undefined;
  deletionGracePeriodSeconds?: number | undefined;
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
  finalizers?: string[] | undefined;
  ownerReferences?: OwnerReference[] | undefined;
  managedFields?: unknown[] | undefined;
  [key: string]: unknown;
}

/** Plain JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How a resource is served: the facts discovery, routing and printing need. */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources served under the resource, e.g. status, scale, eviction. */
  subresources: SubresourceType[];
  /** Whether `metadata.generation` is maintained (false for pods in 1.32 and for most core kinds). */
  hasGeneration: boolean;
  /** Whether writes to the main resource ignore status (true when a status subresource exists). */
  hasStatusSubresource: boolean;
}

export interface SubresourceType {
  name: string; // 'status' | 'scale' | 'eviction' | 'binding' | ...
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

/** Field error types as upstream (apimachinery/pkg/util/validation/field). */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

/** One validation failure at a field path, e.g. `spec.replicas`. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** The offending value, when upstream prints one (Invalid, NotSupported, Duplicate, TypeInvalid). */
  value?: unknown;
  detail?: string;
  /** For NotSupported: the values that are accepted. */
  supported?: string[];
}
