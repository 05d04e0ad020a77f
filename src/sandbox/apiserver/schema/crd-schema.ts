// Structural-schema and OpenAPI-subset checks of a CRD version schema (apiextensions
// ValidateCustomResourceDefinitionOpenAPISchema and schema.ValidateStructural), with upstream's
// paths (`properties[spec].type`) and messages.
import { forbidden, invalid, required } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { isObject } from './schema-types.ts';
import type { JSONSchemaProps } from './schema-types.ts';
import { pruneCustomResource } from './prune.ts';
import { validateValue } from './structural.ts';

type Level = 'root' | 'item' | 'field';

const UNSUPPORTED: Record<string, string> = {
  id: 'id is not supported',
  additionalItems: 'additionalItems is not supported',
  patternProperties: 'patternProperties is not supported',
  definitions: 'definitions is not supported',
  dependencies: 'dependencies is not supported',
  $ref: '$ref is not supported',
};

/** Errors of one version's openAPIV3Schema, `path` being e.g. `spec.validation.openAPIV3Schema`. */
export function validateCrdSchema(s: JSONSchemaProps, path: string): FieldError[] {
  return [...checkNode(s, path, 'root'), ...checkRootMetadata(s, path)];
}

function checkNode(s: JSONSchemaProps, path: string, level: Level): FieldError[] {
  const errs = [...checkKeywords(s, path), ...checkStructural(s, path, level)];
  if (s.default !== undefined) errs.push(...checkDefault(s, path));
  for (const [k, sub] of Object.entries(s.properties ?? {})) {
    errs.push(...checkNode(sub, `${path}.properties[${k}]`, 'field'));
  }
  if (isObject(s.additionalProperties)) {
    errs.push(...checkNode(s.additionalProperties, `${path}.additionalProperties`, 'field'));
  }
  if (s.items) errs.push(...checkNode(s.items, `${path}.items`, 'item'));
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    s[key]?.forEach((sub, i) => errs.push(...checkJunctor(sub, `${path}.${key}[${i}]`)));
  }
  if (s.not) errs.push(...checkJunctor(s.not, `${path}.not`));
  return errs;
}

/** Inside allOf/anyOf/oneOf/not only value validations are allowed (no types or defaults). */
function checkJunctor(s: JSONSchemaProps, path: string): FieldError[] {
  const errs = checkKeywords(s, path);
  const banned = [
    'type',
    'default',
    'description',
    'nullable',
    'x-kubernetes-preserve-unknown-fields',
  ];
  for (const key of banned) {
    if (s[key] !== undefined)
      errs.push(forbidden(`${path}.${key}`, 'must be empty to be structural'));
  }
  return errs;
}

function checkKeywords(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [key, msg] of Object.entries(UNSUPPORTED)) {
    if (s[key] !== undefined) errs.push(forbidden(`${path}.${key}`, msg));
  }
  if (s.type === 'null') errs.push(forbidden(`${path}.type`, 'type cannot be set to null'));
  if (Array.isArray(s.items)) {
    errs.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  }
  if (s.uniqueItems === true) {
    const msg = 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic';
    errs.push(forbidden(`${path}.uniqueItems`, msg));
  }
  if (s.additionalProperties !== undefined && Object.keys(s.properties ?? {}).length > 0) {
    if (s.additionalProperties !== true) {
      const msg = 'additionalProperties and properties are mutual exclusive';
      errs.push(forbidden(`${path}.additionalProperties`, msg));
    }
  }
  return errs;
}

const TYPE_REQUIRED: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

function checkStructural(s: JSONSchemaProps, path: string, level: Level): FieldError[] {
  const errs: FieldError[] = [];
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (intOrString && s.type) {
    errs.push(
      invalid(`${path}.type`, s.type, 'must be empty if x-kubernetes-int-or-string is true'),
    );
  }
  if (!s.type && !intOrString && !embedded && preserve !== true) {
    errs.push(required(`${path}.type`, TYPE_REQUIRED[level]));
  }
  if (embedded && s.type !== 'object') {
    const msg = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(s.type ? invalid(`${path}.type`, s.type, msg) : required(`${path}.type`, msg));
  }
  if (preserve === false) {
    errs.push(
      invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'),
    );
  }
  if (s.type === 'array' && !s.items) errs.push(required(`${path}.items`, 'must be specified'));
  if (s['x-kubernetes-list-type'] === 'map' && !s['x-kubernetes-list-map-keys']?.length) {
    const msg = 'must not be empty if x-kubernetes-list-type is map';
    errs.push(required(`${path}.x-kubernetes-list-map-keys`, msg));
  }
  return errs;
}

/** At the root, `metadata` may only restrict `name` and `generateName`. */
function checkRootMetadata(s: JSONSchemaProps, path: string): FieldError[] {
  const meta = s.properties?.['metadata'];
  if (!meta) return [];
  const rest = Object.keys(meta).filter((k) => !['type', 'properties', 'default'].includes(k));
  const props = Object.keys(meta.properties ?? {}).filter(
    (k) => k !== 'name' && k !== 'generateName',
  );
  const typeOk = meta.type === undefined || meta.type === 'object';
  if (rest.length === 0 && props.length === 0 && typeOk) return [];
  const msg =
    'must not specify anything other than name and generateName, but metadata is implicitly specified';
  return [forbidden(`${path}.properties[metadata]`, msg)];
}

/** A default must validate against its own schema and survive pruning unchanged. */
function checkDefault(s: JSONSchemaProps, path: string): FieldError[] {
  const at = `${path}.default`;
  const errs = validateValue(s.default, s, at);
  if (isObject(s.default)) {
    const copy = { x: JSON.parse(JSON.stringify(s.default)) as unknown };
    const wrapper: JSONSchemaProps = { type: 'object', properties: { x: s } };
    const pruned = pruneCustomResource(copy, wrapper).map((p) => p.replace(/^x\.?/, ''));
    for (const p of pruned)
      errs.push(invalid(p ? `${at}.${p}` : at, s.default, 'must not have unknown fields'));
  }
  return errs;
}
