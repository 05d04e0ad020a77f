// Wires the schema, patch and strategy modules into the hooks the generic registry calls.
import type { PatchEngines, SchemaHooks } from './hooks.ts';
import { applyJsonPatch } from './patch/json-patch.ts';
import { applyMergePatch } from './patch/merge-patch.ts';
import { supportsStrategicMerge } from './patch/patch-meta.ts';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.ts';
import { applyServerSideApply, recordUpdateManager } from './patch/server-side-apply.ts';
import { applyDefaults } from './schema/defaults.ts';
import { pruneCustomResource } from './schema/prune.ts';
import type { JSONSchemaProps } from './schema/schema-types.ts';
import { validateCustomResource } from './schema/structural.ts';

/** The patch engines of the sandbox. */
export const patchEngines: PatchEngines = {
  json: applyJsonPatch,
  merge: applyMergePatch,
  strategic: applyStrategicMergePatch,
  supportsStrategic: supportsStrategicMerge,
  apply: applyServerSideApply,
  recordUpdate(old, updated, manager, now) {
    const recorded = recordUpdateManager(old, updated, manager, 'Update', now);
    if (recorded.metadata.managedFields === undefined) delete updated.metadata.managedFields;
    else updated.metadata.managedFields = recorded.metadata.managedFields;
  },
};

/** Schema hooks backed by the CRD schemas. */
export function schemaHooks(
  unknownBuiltinFields: SchemaHooks['unknownBuiltinFields'],
): SchemaHooks {
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
