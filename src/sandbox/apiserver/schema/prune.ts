// Pruning of unknown fields of custom resources (apiextensions schema/pruning, plus the
// ObjectMeta coercion of the root and embedded resources). Returns the pruned paths as upstream
// reports them in strict field validation: `spec.foo`, `spec.list[0].bar`, `metadata.foo`.
import { isObject } from './schema-types.ts';
import type { JSONSchemaProps, JsonObject } from './schema-types.ts';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** ObjectMeta fields a custom resource's metadata may carry (meta/v1 ObjectMeta). */
const OBJECT_META_FIELDS = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

const key = (path: string, k: string): string => (path ? `${path}.${k}` : k);

/** Removes fields not in the schema from a whole custom resource; returns their sorted paths. */
export function pruneCustomResource(obj: JsonObject, s: JSONSchemaProps | undefined): string[] {
  const root: JSONSchemaProps = { ...s, 'x-kubernetes-embedded-resource': true };
  return prune(obj, root, '').sort();
}

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string): string[] {
  if (s?.['x-kubernetes-preserve-unknown-fields']) return skipPrune(x, s, path);
  if (Array.isArray(x)) {
    return x.flatMap((v, i) => prune(v, s?.items, `${path}[${i}]`));
  }
  if (!isObject(x)) return [];
  if (!s) return dropAll(x, path);
  const out: string[] = [];
  if (s['x-kubernetes-embedded-resource']) out.push(...pruneMetadata(x, path));
  for (const [k, v] of Object.entries(x)) {
    if (s['x-kubernetes-embedded-resource'] && META_FIELDS.has(k)) continue;
    const sub = subSchema(s, k);
    if (sub !== undefined) {
      out.push(...prune(v, sub === true ? undefined : sub, key(path, k)));
    } else {
      if (!META_FIELDS.has(k)) out.push(key(path, k));
      delete x[k];
    }
  }
  return out;
}

/** Schema of property `k`: the property, the additionalProperties schema, true (any), or none. */
function subSchema(s: JSONSchemaProps, k: string): JSONSchemaProps | true | undefined {
  const prop = s.properties?.[k];
  if (prop) return prop;
  if (isObject(s.additionalProperties)) return s.additionalProperties;
  if (s.additionalProperties === true) return true;
  return undefined;
}

function dropAll(x: JsonObject, path: string): string[] {
  const out: string[] = [];
  for (const k of Object.keys(x)) {
    if (!META_FIELDS.has(k)) out.push(key(path, k));
    delete x[k];
  }
  return out;
}

function skipPrune(x: unknown, s: JSONSchemaProps, path: string): string[] {
  if (Array.isArray(x))
    return s.items ? x.flatMap((v, i) => prune(v, s.items, `${path}[${i}]`)) : [];
  if (!isObject(x)) return [];
  const out: string[] = [];
  if (s['x-kubernetes-embedded-resource']) out.push(...pruneMetadata(x, path));
  for (const [k, v] of Object.entries(x)) {
    if (s['x-kubernetes-embedded-resource'] && META_FIELDS.has(k)) continue;
    const sub = subSchema(s, k);
    if (sub !== undefined && sub !== true) out.push(...prune(v, sub, key(path, k)));
  }
  return out;
}

/** Drops unknown ObjectMeta fields of a resource's `metadata` (objectmeta coercion). */
function pruneMetadata(x: JsonObject, path: string): string[] {
  const meta = x['metadata'];
  if (!isObject(meta)) return [];
  const out: string[] = [];
  for (const k of Object.keys(meta)) {
    if (OBJECT_META_FIELDS.has(k)) continue;
    out.push(`${key(path, 'metadata')}.${k}`);
    delete meta[k];
  }
  return out;
}
