// JSON merge patch (RFC 7386) as upstream applies it (evanphx/json-patch v4 MergePatch).
import { clone, isObject, setKey } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import { patchBadRequest } from './patch-errors.ts';

/**
 * Applies a merge patch to a document and returns the new document (inputs are not changed).
 * Objects merge key by key, `null` deletes, anything else (arrays included) replaces.
 * Like upstream: a top-level array patch replaces the document, a top-level `null` or scalar
 * patch is a 400 "Invalid JSON Patch", and nulls are pruned from values that are added whole.
 */
export function applyMergePatch(doc: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(clone(patch));
  if (!isObject(patch)) throw patchBadRequest('Invalid JSON Patch');
  if (!isObject(doc)) return pruneNulls(clone(patch));
  const out = clone(doc);
  mergeInto(out, clone(patch));
  return out;
}

function mergeInto(doc: JsonObject, patch: JsonObject): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete doc[key];
    } else if (!Object.hasOwn(doc, key)) {
      setKey(doc, key, pruneNulls(value));
    } else {
      setKey(doc, key, mergeValue(doc[key], value));
    }
  }
}

function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isObject(current)) return pruneNulls(patch);
  if (!isObject(patch)) return patch;
  mergeInto(current, patch);
  return current;
}

/** Drops null members of objects and null elements of arrays, recursively (upstream quirk). */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(pruneNulls);
  if (!isObject(value)) return value;
  for (const [k, v] of Object.entries(value)) {
    if (v === null) delete value[k];
    else value[k] = pruneNulls(v);
  }
  return value;
}
