// Uniqueness of `x-kubernetes-list-type: set|map` arrays (apiextensions schema/listtype).
import { duplicate, invalid } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { canonicalJson, isObject } from './schema-types.ts';
import type { JSONSchemaProps } from './schema-types.ts';

/** Duplicate errors of set and map lists anywhere in `obj`, paths like `spec.m[key].l[1]`. */
export function validateListTypes(obj: unknown, s: JSONSchemaProps, path = ''): FieldError[] {
  if (Array.isArray(obj)) return validateArray(obj, s, path);
  if (!isObject(obj)) return [];
  const errs: FieldError[] = [];
  const extra = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
  for (const [k, v] of Object.entries(obj)) {
    const prop = s.properties?.[k];
    if (prop) errs.push(...validateListTypes(v, prop, path ? `${path}.${k}` : k));
    else if (extra) errs.push(...validateListTypes(v, extra, `${path}[${k}]`));
  }
  return errs;
}

function validateArray(arr: unknown[], s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    for (const i of nonUnique(arr)) errs.push(duplicate(`${path}[${i}]`, arr[i]));
  } else if (listType === 'map') {
    errs.push(...validateListMap(arr, s['x-kubernetes-list-map-keys'] ?? [], path));
  }
  const items = s.items;
  if (items) arr.forEach((v, i) => errs.push(...validateListTypes(v, items, `${path}[${i}]`)));
  return errs;
}

/** Indexes of the second occurrence of each repeated value (later repeats are not reported). */
function nonUnique(values: unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((v, i) => {
    const key = v === undefined ? '\u0000unspecified' : canonicalJson(v);
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

function validateListMap(arr: unknown[], keys: string[], path: string): FieldError[] {
  const bad = arr.findIndex((x) => x !== null && !isObject(x));
  if (bad >= 0) {
    return [
      invalid(`${path}[${bad}]`, arr[bad], 'must be an object for an array of list-type map'),
    ];
  }
  const keyOf = (x: unknown): Record<string, unknown> => {
    const key: Record<string, unknown> = {};
    if (!isObject(x)) return key;
    for (const k of keys) if (k in x) key[k] = x[k];
    return key;
  };
  const tuples = arr.map(keyOf);
  return nonUnique(tuples).map((i) => duplicate(`${path}[${i}]`, tuples[i]));
}
