// The field tree of built-in kinds, derived once from @kubernetes/client-node's generated model
// classes (their `attributeTypeMap`: JSON name, TypeScript type and OpenAPI format per field).
import * as k8s from '@kubernetes/client-node';

/** The shape of one field's value. */
export type FieldType =
  | { kind: 'scalar'; type: 'string' | 'number' | 'boolean' | 'date'; format: string }
  | { kind: 'any' }
  | { kind: 'int-or-string' }
  | { kind: 'array'; items: FieldType }
  | { kind: 'map'; values: FieldType }
  | { kind: 'model'; name: string };

interface Attribute {
  baseName: string;
  type: string;
  format?: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

const models = k8s as unknown as Record<string, unknown>;
const cache = new Map<string, Map<string, FieldType> | null>();

function modelClass(name: string): ModelClass | undefined {
  const c = models[name] as Partial<ModelClass> | undefined;
  return typeof c?.getAttributeTypeMap === 'function' ? (c as ModelClass) : undefined;
}

/** Parses one client-node type string (`Array<V1Container>`, `{ [key: string]: string; }`). */
export function parseFieldType(type: string, format = ''): FieldType {
  const arr = /^Array<(.+)>$/.exec(type);
  if (arr?.[1]) return { kind: 'array', items: parseFieldType(arr[1], format) };
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map?.[1]) return { kind: 'map', values: parseFieldType(map[1], format) };
  switch (type) {
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', type, format };
    case 'Date':
      return { kind: 'scalar', type: 'date', format: format || 'date-time' };
    case 'IntOrString':
      return { kind: 'int-or-string' };
    default:
      return modelClass(type) ? { kind: 'model', name: type } : { kind: 'any' };
  }
}

/** Fields of a model by JSON name, or undefined when client-node has no such model. */
export function modelFields(name: string): Map<string, FieldType> | undefined {
  let fields = cache.get(name);
  if (fields === undefined) {
    const c = modelClass(name);
    fields = c
      ? new Map(c.getAttributeTypeMap().map((a) => [a.baseName, parseFieldType(a.type, a.format)]))
      : null;
    cache.set(name, fields);
  }
  return fields ?? undefined;
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The client-node model name of a kind (`apps/v1 Deployment` → `V1Deployment`). */
export function modelNameFor(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = capitalize(slash < 0 ? apiVersion : apiVersion.slice(slash + 1));
  const prefix = group === '' ? 'Core' : capitalize(group.split('.')[0] ?? '');
  const candidates = [`${prefix}${version}${kind}`, `${version}${kind}`];
  return candidates.find((n) => {
    const fields = modelFields(n);
    return fields?.has('apiVersion') && fields.has('kind');
  });
}
