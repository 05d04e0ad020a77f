// Structural defaulting of custom resources (apiextensions schema/defaulting): a property's
// `default` is set when its parent object exists and the property is absent (or null while not
// nullable); array items that are null get the items default. Recurses into defaulted values.
import { cloneJson, isObject } from './schema-types.ts';
import type { JSONSchemaProps } from './schema-types.ts';

const nonNullableNull = (v: unknown, s: JSONSchemaProps): boolean => v === null && !s.nullable;

/** Applies schema defaults to `obj` in place and returns it. */
export function applyDefaults<T>(obj: T, s: JSONSchemaProps | undefined): T {
  fill(obj, s);
  return obj;
}

function fill(obj: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (isObject(obj)) {
    for (const [k, prop] of Object.entries(s.properties ?? {})) {
      if (prop.default === undefined) continue;
      if (!(k in obj) || nonNullableNull(obj[k], prop)) obj[k] = cloneJson(prop.default);
    }
    const extra = isObject(s.additionalProperties) ? s.additionalProperties : undefined;
    for (const [k, v] of Object.entries(obj)) {
      fill(v, s.properties?.[k] ?? extra);
    }
  } else if (Array.isArray(obj) && s.items) {
    const items = s.items;
    obj.forEach((v, i) => {
      if (items.default !== undefined && nonNullableNull(v, items))
        obj[i] = cloneJson(items.default);
      fill(obj[i], items);
    });
  }
}
