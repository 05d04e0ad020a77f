// Wires the schema, patch and strategy modules into the hooks the generic registry calls.
import type { ApplyOptions, PatchEngines, SchemaHooks } from './hooks.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { supportsStrategicMerge } from './patch/patch-meta.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.ts';
import { applyDefaults } from './schema/defaults.ts';
import { pruneCustomResource } from './schema/prune.ts';
import type { JSONSchemaProps } from './schema/schema-types.ts';
import { validateCustomResource } from './schema/structural.ts';
import type { KubeObject } from './types.ts';

/** Apply as a plain merge of the applied configuration (used until managed fields are tracked). */
function mergeApply(live: KubeObject | undefined, applied: KubeObject, opts: ApplyOptions): KubeObject {
  if (!live) return structuredClone(applied);
  const gvk = { group: '', version: '', kind: applied.kind ?? '' };
  const [group, version] = (applied.apiVersion ?? '').includes('/')
    ? (applied.apiVersion ?? '').split('/')
    : ['', applied.apiVersion ?? ''];
  gvk.group = group ?? '';
  gvk.version = version ?? '';
  return (opts.strategic ? applyStrategicMergePatch(live, applied, gvk) : applyMergePatch(live, applied)) as KubeObject;
}

/** The patch engines of the sandbox. */
export const patchEngines: PatchEngines = {
  json: applyJsonPatch,
  merge: applyMergePatch,
  strategic: applyStrategicMergePatch,
  supportsStrategic: supportsStrategicMerge,
  apply: mergeApply,
  recordUpdate: () => undefined,
};

/** Schema hooks backed by the CRD schemas. */
export function schemaHooks(unknownBuiltinFields: SchemaHooks['unknownBuiltinFields']): SchemaHooks {
  return {
    unknownBuiltinFields,
    defaultAndPruneCustom(obj, info) {
      const schema = info.schema as JSONSchemaProps | undefined;
      if (!schema) return [];
      const pruned = pruneCustomResource(obj, schema);
      applyDefaults(obj, schema);
      return pruned;
    },
    validateCustom(obj, info) {
      const schema = info.schema as JSONSchemaProps | undefined;
      return schema ? validateCustomResource(obj, schema) : [];
    },
  };
}
