// Unknown-field detection for built-in kinds, for `fieldValidation=Strict|Warn` (upstream's
// strict JSON decoding reports `unknown field "spec.template.spec.containers[0].imagePullPolicyy"`).
import { modelFields, modelNameFor } from './builtin-models.ts';
import type { FieldType } from './builtin-models.ts';
import { isObject } from './schema-types.ts';

/** Paths of fields that the kind's Go type does not have; [] for kinds the sandbox cannot tell. */
export function findUnknownBuiltinFields(apiVersion: string, kind: string, obj: unknown): string[] {
  return scan(apiVersion, kind, obj, false);
}

/** Like findUnknownBuiltinFields, but also drops those fields, as upstream's Go decoder does. */
export function pruneUnknownBuiltinFields(
  apiVersion: string,
  kind: string,
  obj: unknown,
): string[] {
  return scan(apiVersion, kind, obj, true);
}

function scan(apiVersion: string, kind: string, obj: unknown, prune: boolean): string[] {
  const name = modelNameFor(apiVersion, kind);
  if (!name) return [];
  const out: string[] = [];
  walk(obj, { kind: 'model', name }, '', { out, prune });
  return out;
}

interface Scan {
  out: string[];
  prune: boolean;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function walk(value: unknown, type: FieldType, path: string, out: Scan): void {
  switch (type.kind) {
    case 'array':
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, type.items, `${path}[${i}]`, out));
      return;
    case 'map':
      if (isObject(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, type.values, join(path, k), out);
      }
      return;
    case 'model':
      if (isObject(value)) walkModel(value, type.name, path, out);
      return;
    case 'scalar':
    case 'any':
    case 'int-or-string':
      return;
  }
}

function walkModel(value: Record<string, unknown>, name: string, path: string, out: Scan): void {
  const fields = modelFields(name);
  if (!fields) return;
  for (const [k, v] of Object.entries(value)) {
    const t = fields.get(k);
    if (t) walk(v, t, join(path, k), out);
    else {
      out.out.push(join(path, k));
      if (out.prune) delete value[k];
    }
  }
}
