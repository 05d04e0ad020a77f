// Per-kind behaviour of writes (upstream's registry "strategies" and admission plugins).
import type { FieldError, KubeObject, ResourceType } from './types.ts';

/** What a strategy may read or allocate while admitting a write. */
export interface StrategyContext {
  readonly now: Date;
  /** Reads a stored object; `group` is '' for core, `plural` the resource name. */
  get(
    group: string,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  /** Lists stored objects of a resource (all namespaces when `namespace` is undefined). */
  list(group: string, plural: string, namespace: string | undefined): KubeObject[];
  /** Allocates a free ClusterIP from the service range (for Services of type ClusterIP etc.). */
  allocateClusterIP(): string;
  /** Whether an IP is in use by another Service. */
  clusterIPInUse(ip: string): boolean;
}

/**
 * Behaviour of one kind on write. Every hook is optional; the generic store handles uid,
 * timestamps, resourceVersion, generation and the status split.
 * Hooks mutate `obj` in place; validation hooks return field errors (empty = valid); `admit`
 * throws an ApiError for refusals that are not field errors (e.g. 403 from admission plugins).
 */
export interface Strategy {
  /** How `metadata.name` is validated: most kinds 'subdomain'; namespaces 'label'; services 'dns1035-label'. */
  nameValidation?: 'subdomain' | 'label' | 'dns1035-label' | 'path-segment';
  /** Defaulting applied on every write of the main resource (as upstream defaults on decode). */
  applyDefaults?(obj: KubeObject, ctx: StrategyContext): void;
  /** Create-only preparation and admission defaults (e.g. pod tolerations, clusterIP). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  validateCreate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Status-subresource writes: validate the new status against the old object. */
  validateStatusUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Admission that refuses with a non-422 error (throws ApiError); old is undefined on create. */
  admit?(obj: KubeObject, old: KubeObject | undefined, ctx: StrategyContext): void;
}

/** Strategies by `group/plural` ('' group for core), e.g. `apps/statefulsets`, `/pods`. */
export type StrategyTable = Record<string, Strategy>;

export const strategyKey = (r: Pick<ResourceType, 'group' | 'plural'>): string =>
  `${r.group}/${r.plural}`;
