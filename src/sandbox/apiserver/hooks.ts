// Pluggable pieces of the API server: schema checks and patch engines (wired in server.ts).
import type { CustomResourceInfo } from './registry.ts';
import type { FieldError, KubeObject } from './types.ts';

/** Schema-driven checks: unknown fields, custom-resource defaulting, pruning and validation. */
export interface SchemaHooks {
  /** Drops fields a built-in object has that its kind does not define; returns their paths. */
  unknownBuiltinFields(apiVersion: string, kind: string, obj: unknown): string[];
  /** Defaults and prunes a custom resource in place; returns pruned paths. */
  defaultAndPruneCustom(obj: KubeObject, info: CustomResourceInfo): string[];
  /** Validates a custom resource against its schema. */
  validateCustom(obj: KubeObject, info: CustomResourceInfo): FieldError[];
}

export interface ApplyOptions {
  manager: string;
  force: boolean;
  now: Date;
  strategic: boolean;
}

/** The patch algorithms, one per content type. */
export interface PatchEngines {
  json(doc: unknown, patch: unknown): unknown;
  merge(doc: unknown, patch: unknown): unknown;
  strategic(
    doc: unknown,
    patch: unknown,
    gvk: { group: string; version: string; kind: string },
  ): unknown;
  supportsStrategic(group: string, kind: string): boolean;
  apply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject;
  recordUpdate(old: KubeObject | undefined, updated: KubeObject, manager: string, now: Date): void;
}
