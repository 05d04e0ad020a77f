// OpenAPI v3 component schemas of built-in kinds, generated from the client-node model tree.
// Descriptions and required lists come from the models' doc comments, for `kubectl explain`.
import { modelDocs } from './builtin-docs.ts';
import { modelFields } from './builtin-models.ts';
import type { FieldType } from './builtin-models.ts';

/** A component schema (OpenAPI v3 Schema object) as JSON. */
export type SchemaObject = Record<string, unknown>;

/** Upstream-like component name of a model: `V1PodSpec` → `io.k8s.api.v1.PodSpec`. */
export function componentName(model: string): string {
  const m = /^(?:([A-Z][a-z]+)(?=V\d))?(V\d+(?:alpha\d+|beta\d+)?)([A-Z].*)$/.exec(model);
  if (!m) return `io.k8s.api.${model}`;
  const group = m[1] ? `${m[1].toLowerCase()}.` : '';
  return `io.k8s.api.${group}${(m[2] ?? '').toLowerCase()}.${m[3] ?? model}`;
}

const ref = (model: string): SchemaObject => ({
  $ref: `#/components/schemas/${componentName(model)}`,
});

function fieldSchema(t: FieldType, deps: Set<string>): SchemaObject {
  switch (t.kind) {
    case 'scalar':
      return scalarSchema(t.type, t.format);
    case 'any':
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'int-or-string':
      return { type: 'string', format: 'int-or-string', 'x-kubernetes-int-or-string': true };
    case 'array':
      return { type: 'array', items: fieldSchema(t.items, deps) };
    case 'map':
      return { type: 'object', additionalProperties: fieldSchema(t.values, deps) };
    case 'model':
      deps.add(t.name);
      return ref(t.name);
  }
}

function scalarSchema(type: string, format: string): SchemaObject {
  if (type === 'date') return { type: 'string', format: format || 'date-time' };
  if (type === 'number') {
    const integer = format === 'int32' || format === 'int64';
    return integer ? { type: 'integer', format } : { type: 'number', format: format || 'double' };
  }
  return format ? { type, format } : { type };
}

/** The schema of one model and the models it references. */
export function modelSchema(model: string): { schema: SchemaObject; deps: Set<string> } {
  const deps = new Set<string>();
  const docs = modelDocs(model);
  const properties: Record<string, SchemaObject> = {};
  for (const [name, t] of modelFields(model) ?? []) {
    properties[name] = described(fieldSchema(t, deps), docs?.fields.get(name));
  }
  const schema: SchemaObject = { type: 'object', properties };
  if (docs?.description) schema['description'] = docs.description;
  const required = docs?.required.filter((r) => r in properties) ?? [];
  if (required.length > 0) schema['required'] = required;
  return { schema, deps };
}

/** A field schema with its description (a `$ref` is wrapped in allOf, as upstream publishes it). */
function described(schema: SchemaObject, description: string | undefined): SchemaObject {
  if (!description) return schema;
  if ('$ref' in schema) return { allOf: [schema], description };
  return { ...schema, description };
}

/** Component schemas of `roots` and everything they reference, keyed by component name. */
export function modelComponents(roots: Iterable<string>): Map<string, SchemaObject> {
  const out = new Map<string, SchemaObject>();
  const queue = [...roots];
  const seen = new Set(queue);
  for (let model = queue.shift(); model !== undefined; model = queue.shift()) {
    const { schema, deps } = modelSchema(model);
    out.set(componentName(model), schema);
    for (const d of deps) {
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
  return out;
}
