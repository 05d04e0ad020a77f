// The parts of apiextensions.k8s.io/v1 CustomResourceDefinition that the sandbox reads.
import type { KubeObject } from '../types.ts';
import type { JSONSchemaProps } from './schema-types.ts';

export interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: CrdScale };
  additionalPrinterColumns?: CrdColumn[];
  [key: string]: unknown;
}

export interface CrdScale {
  specReplicasPath?: string;
  statusReplicasPath?: string;
  labelSelectorPath?: string;
}

export interface CrdColumn {
  name?: string;
  type?: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath?: string;
}

export interface CrdCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface CrdSpec {
  group?: string;
  names?: CrdNames;
  scope?: string;
  versions?: CrdVersion[];
  conversion?: { strategy?: string; webhook?: unknown; [key: string]: unknown };
  preserveUnknownFields?: boolean;
  [key: string]: unknown;
}

export interface CrdStatus {
  acceptedNames: CrdNames;
  storedVersions: string[];
  conditions: CrdCondition[];
}

/** A CustomResourceDefinition object as JSON. */
export interface Crd extends KubeObject {
  spec: CrdSpec;
  status?: Partial<CrdStatus>;
}
