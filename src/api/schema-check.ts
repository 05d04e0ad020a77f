// Defaulting and validation derived from a JSONSchemaProps tree, with the API server's structural
// semantics, so code paths that bypass admission (tests, the CLI, older CRDs) see the same rules.
import type { JSONSchemaProps } from './schema-builder.ts';

/** One refused field: its path (`spec.storage.size`) and why. */
export interface FieldIssue {
  field: string;
  reason: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fills `default`s in place, as apiextensions does: a property's default is set when its parent
 * object exists and the property is absent or null; defaulted values are defaulted in turn.
 */
export function fillDefaults(value: unknown, s: JSONSchemaProps): void {
  if (isObject(value)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (prop.default !== undefined && (value[k] === undefined || value[k] === null)) {
        value[k] = structuredClone(prop.default);
      }
    }
    for (const [k, v] of Object.entries(value)) {
      const sub = s.properties?.[k] ?? s.additionalProperties;
      if (sub) fillDefaults(v, sub);
    }
  } else if (Array.isArray(value) && s.items) {
    const items = s.items;
    value.forEach((v) => fillDefaults(v, items));
  }
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Issues of `value` against `s` at `path`: types, enums, bounds, patterns, required, unknown. */
export function schemaIssues(value: unknown, s: JSONSchemaProps, path: string): FieldIssue[] {
  const typeIssue = checkType(value, s, path);
  if (typeIssue) return [typeIssue];
  if (typeof value === 'string') return checkString(value, s, path);
  if (typeof value === 'number') return checkNumber(value, s, path);
  if (Array.isArray(value)) {
    const items = s.items;
    if (!items) return [];
    const tooMany =
      s.maxItems !== undefined && value.length > s.maxItems
        ? [{ field: path, reason: `must have at most ${s.maxItems} items` }]
        : [];
    return [...tooMany, ...value.flatMap((v, i) => schemaIssues(v, items, `${path}[${i}]`))];
  }
  return isObject(value) ? checkObject(value, s, path) : [];
}

function checkType(value: unknown, s: JSONSchemaProps, path: string): FieldIssue | undefined {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as string);
  const ok = s['x-kubernetes-int-or-string']
    ? got === 'string' || (got === 'number' && Number.isInteger(value))
    : s.type === undefined ||
      (s.type === 'integer' ? got === 'number' && Number.isInteger(value) : s.type === got) ||
      (s.type === 'number' && got === 'number');
  if (ok) return undefined;
  const want = s['x-kubernetes-int-or-string'] ? 'integer or string' : s.type;
  return { field: path, reason: `must be of type ${want}, not ${got}` };
}

function checkString(value: string, s: JSONSchemaProps, path: string): FieldIssue[] {
  const issue = (reason: string): FieldIssue[] => [{ field: path, reason }];
  if (s.enum && !s.enum.includes(value)) {
    return issue(`unsupported value "${value}": supported values: ${s.enum.join(', ')}`);
  }
  if (s.maxLength !== undefined && [...value].length > s.maxLength) {
    return issue(`may not be longer than ${s.maxLength} characters`);
  }
  if (s.minLength !== undefined && [...value].length < s.minLength) {
    return issue(`should be at least ${s.minLength} characters long`);
  }
  if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) {
    return issue(`"${value}" should match '${s.pattern}'`);
  }
  return [];
}

function checkNumber(value: number, s: JSONSchemaProps, path: string): FieldIssue[] {
  if (s.minimum !== undefined && value < s.minimum) {
    return [{ field: path, reason: `should be greater than or equal to ${s.minimum}` }];
  }
  if (s.maximum !== undefined && value > s.maximum) {
    return [{ field: path, reason: `should be less than or equal to ${s.maximum}` }];
  }
  return [];
}

function checkObject(value: JsonObject, s: JSONSchemaProps, path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const k of s.required ?? []) {
    if (value[k] === undefined) issues.push({ field: join(path, k), reason: 'Required value' });
  }
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const sub = s.properties?.[k] ?? s.additionalProperties;
    if (sub) issues.push(...schemaIssues(v, sub, join(path, k)));
    else if (s.properties) issues.push({ field: join(path, k), reason: 'unknown field' });
  }
  return issues;
}
