// Validation of a custom resource against a CRD version's openAPIV3Schema, as the apiserver does
// with kube-openapi's SchemaValidator, plus list-type uniqueness and embedded-resource checks.
// `x-kubernetes-validations` (CEL rules) are not evaluated: the sandbox accepts what they would
// reject. Validation ratcheting on update is not modelled either (every write is checked fully).
import { invalid, required } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { validateListTypes } from './list-type.ts';
import { isObject } from './schema-types.ts';
import type { JSONSchemaProps, JsonObject } from './schema-types.ts';
import { checkEnum, checkNumber, checkString, checkType, fieldOf } from './structural-scalars.ts';

/** Field errors of a whole custom resource against its version's schema (empty = valid). */
export function validateCustomResource(obj: unknown, schema: JSONSchemaProps): FieldError[] {
  return [
    ...validateValue(obj, schema, ''),
    ...validateListTypes(obj, schema),
    ...validateEmbeddedResources(obj, schema, ''),
  ];
}

/** Errors of one value against one schema node; `name` is kube-openapi's path (`spec.a[0]`). */
export function validateValue(value: unknown, s: JSONSchemaProps, name: string): FieldError[] {
  if (value === null || value === undefined) {
    return [...checkType(null, s, name), ...checkEnum(null, s, name)];
  }
  const errs = [...checkType(value, s, name), ...checkCombinators(value, s, name)];
  if (typeof value === 'string') errs.push(...checkString(value, s, name));
  if (typeof value === 'number') errs.push(...checkNumber(value, s, name));
  if (Array.isArray(value)) errs.push(...checkArray(value, s, name));
  errs.push(...checkEnum(value, s, name));
  if (isObject(value)) errs.push(...checkObject(value, s, name));
  return errs;
}

/** Errors that kube-openapi reports without a field (`<nil>` once formatted by apiextensions). */
const composite = (detail: string): FieldError => invalid('<nil>', '', detail);

function checkCombinators(value: unknown, s: JSONSchemaProps, name: string): FieldError[] {
  const errs: FieldError[] = [];
  const quoted = JSON.stringify(name);
  if (s.anyOf && s.anyOf.length > 0) {
    const results = s.anyOf.map((sub) => validateValue(value, sub, name));
    if (!results.some((r) => r.length === 0)) {
      errs.push(composite(`${quoted} must validate at least one schema (anyOf)`));
      errs.push(...fewest(results));
    }
  }
  if (s.oneOf && s.oneOf.length > 0) {
    const results = s.oneOf.map((sub) => validateValue(value, sub, name));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      const why = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      errs.push(composite(`${quoted} must validate one and only one schema (oneOf). ${why}`));
      if (valid === 0) errs.push(...fewest(results));
    }
  }
  if (s.allOf && s.allOf.length > 0) {
    const results = s.allOf.map((sub) => validateValue(value, sub, name));
    const valid = results.filter((r) => r.length === 0).length;
    errs.push(...results.flat());
    if (valid !== results.length) {
      const none = valid === 0 ? '. None validated' : '';
      errs.push(composite(`${quoted} must validate all the schemas (allOf)${none}`));
    }
  }
  if (s.not && validateValue(value, s.not, name).length === 0) {
    errs.push(composite(`${quoted} must not validate the schema (not)`));
  }
  return errs;
}

/** The failures of the alternative that came closest (upstream keeps the best match). */
function fewest(results: FieldError[][]): FieldError[] {
  return results.reduce((best, r) => (r.length < best.length ? r : best));
}

function checkArray(value: unknown[], s: JSONSchemaProps, name: string): FieldError[] {
  const errs: FieldError[] = [];
  const field = fieldOf(name);
  if (s.items) {
    const items = s.items;
    value.forEach((v, i) => errs.push(...validateValue(v, items, `${name}[${i}]`)));
  }
  if (s.minItems !== undefined && value.length < s.minItems) {
    const detail = `${name} in body should have at least ${s.minItems} items`;
    errs.push(invalid(field, value.length, detail));
  }
  if (s.maxItems !== undefined && value.length > s.maxItems) {
    errs.push(tooMany(field, value.length, s.maxItems));
  }
  if (s.uniqueItems && hasDuplicates(value)) {
    errs.push(invalid(field, '', `${name} in body shouldn't contain duplicates`));
  }
  return errs;
}

function hasDuplicates(value: unknown[]): boolean {
  const seen = new Set(value.map((v) => JSON.stringify(sortKeys(v))));
  return seen.size !== value.length;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys(v[k])]),
  );
}

/** `field.TooMany` as apiextensions builds it from maxItems/maxProperties failures. */
function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
  return { type: 'FieldValueTooMany', field, value: actual, detail };
}

function checkObject(value: JsonObject, s: JSONSchemaProps, name: string): FieldError[] {
  const field = fieldOf(name);
  const n = Object.keys(value).length;
  if (s.minProperties !== undefined && n < s.minProperties) {
    const detail = `${name} in body should have at least ${s.minProperties} properties`;
    return [invalid(field, n, detail)];
  }
  if (s.maxProperties !== undefined && n > s.maxProperties) {
    return [tooMany(field, n, s.maxProperties)];
  }
  const props = s.properties ?? {};
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (k in props) continue;
    if (s.additionalProperties === false) {
      const detail = `${name}.${k} in body is a forbidden property`;
      errs.push(invalid(field, k, detail));
    } else if (isObject(s.additionalProperties)) {
      errs.push(...validateValue(v, s.additionalProperties, `${name}.${k}`));
    }
  }
  for (const [k, sub] of Object.entries(props)) {
    if (k in value) errs.push(...validateValue(value[k], sub, name ? `${name}.${k}` : k));
  }
  for (const k of s.required ?? []) {
    if (!(k in value)) errs.push(required(fieldOf(`${name}.${k}`)));
  }
  return errs;
}

/** `apiVersion` and `kind` must be set on embedded resources (x-kubernetes-embedded-resource). */
function validateEmbeddedResources(v: unknown, s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (Array.isArray(v)) {
    const items = s.items;
    if (items)
      v.forEach((x, i) => errs.push(...validateEmbeddedResources(x, items, `${path}[${i}]`)));
    return errs;
  }
  if (!isObject(v)) return errs;
  if (s['x-kubernetes-embedded-resource'] && path !== '') {
    for (const key of ['apiVersion', 'kind']) {
      if (!v[key]) errs.push(required(`${path}.${key}`, 'must not be empty'));
    }
  }
  for (const [k, x] of Object.entries(v)) {
    const sub =
      s.properties?.[k] ?? (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
    if (sub) errs.push(...validateEmbeddedResources(x, sub, path ? `${path}.${k}` : k));
  }
  return errs;
}
