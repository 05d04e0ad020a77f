// Strategic merge patch as upstream applies it (apimachinery util/strategicpatch, server side).
import { clone, goFormat, goKind, isObject, setKey } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import { baseStrategy, fieldMeta, rootTypeOf } from './patch-meta.ts';
import type { FieldMeta } from './patch-meta.ts';
import { patchBadRequest } from './patch-errors.ts';
import { findByKey, normalizeElementOrder, partition } from './smp-order.ts';
import * as err from './smp-errors.ts';
import { SmpError } from './smp-errors.ts';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder';
const DELETE_FROM = '$deleteFromPrimitiveList';

/** Group, version and kind of the object being patched. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/**
 * Applies a strategic merge patch to a built-in object and returns the new object (inputs are
 * not changed). Throws ApiError with upstream's code for each failure (400, 422 or 500).
 * Kinds without patch metadata are merged with no merge keys (every list replaced); callers
 * must answer 415 for custom resources first (see supportsStrategicMerge).
 */
export function applyStrategicMergePatch(
  doc: unknown,
  patch: unknown,
  gvk: GroupVersionKind,
): unknown {
  if (patch === null) return clone(doc);
  if (!isObject(patch)) {
    const jsonType = Array.isArray(patch)
      ? 'array'
      : typeof patch === 'boolean'
        ? 'bool'
        : typeof patch;
    throw patchBadRequest(
      `json: cannot unmarshal ${jsonType} into Go value of type map[string]interface {}`,
    );
  }
  const original = isObject(doc) ? clone(doc) : {};
  try {
    return mergeMap(original, clone(patch), rootTypeOf(gvk.group, gvk.kind));
  } catch (e) {
    if (e instanceof SmpError) throw e.toApiError();
    throw e;
  }
}

function mergeMap(original: JsonObject, patch: JsonObject, type: string | undefined): JsonObject {
  if (Object.hasOwn(patch, DIRECTIVE)) return mapDirective(patch, type);
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, type);
  for (const [patchKey, patchV] of Object.entries(patch)) {
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(DELETE_FROM);
    if (isDeleteList) key = extractKey(patchKey, DELETE_FROM);
    if (patchV === null) {
      delete original[key];
      continue;
    }
    const meta = fieldMeta(type, key);
    if (!Object.hasOwn(original, key)) {
      // Deleting from a list that is not there is a no-op (upstream would store the list).
      if (!isDeleteList) setKey(original, key, fresh(patchV, meta));
      continue;
    }
    setKey(original, key, mergeValue(original[key], patchV, meta, isDeleteList));
  }
  return original;
}

function mergeValue(origV: unknown, patchV: unknown, meta: FieldMeta, isDeleteList: boolean) {
  const kind = goKind(origV);
  if (kind !== goKind(patchV)) return fresh(patchV, meta);
  if (kind === 'map') {
    if (baseStrategy(meta) === 'replace') return fresh(patchV, meta);
    return mergeMap(origV as JsonObject, patchV as JsonObject, meta.type);
  }
  if (kind === 'slice') {
    if (baseStrategy(meta) !== 'merge') return patchV;
    return mergeSlice(origV as unknown[], patchV as unknown[], meta, isDeleteList);
  }
  return patchV;
}

/** A patch value with nothing to merge into: its directives and nulls are still resolved. */
function fresh(patchV: unknown, meta: FieldMeta): unknown {
  if (isObject(patchV)) return mergeMap({}, patchV, meta.type);
  if (Array.isArray(patchV) && baseStrategy(meta) === 'merge') {
    return mergeSlice([], patchV, meta, false);
  }
  return patchV;
}

function mapDirective(patch: JsonObject, type: string | undefined): JsonObject {
  const directive = patch[DIRECTIVE];
  if (directive === 'replace') {
    delete patch[DIRECTIVE];
    return mergeMap({}, patch, type);
  }
  if (directive === 'delete') return {};
  throw err.badPatchType(directive, patch);
}

/** `$deleteFromPrimitiveList/finalizers` → `finalizers`. */
function extractKey(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw prefix === DELETE_FROM ? err.badPrimitiveList() : err.badSetElementOrder();
  }
  return key.slice(slash + 1);
}

/** `$retainKeys`: drop live keys not listed; every non-null patch key must be listed. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) throw err.badRetainKeys();
  const keep = new Set(retain);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) throw err.badRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  type: string | undefined,
): void {
  for (const [directiveKey, order] of Object.entries(patch)) {
    if (!directiveKey.startsWith(SET_ORDER)) continue;
    delete patch[directiveKey];
    if (!Array.isArray(order)) throw err.badArgType('[]interface {}', order);
    const key = extractKey(directiveKey, SET_ORDER);
    const live = listAt(original, key);
    const patchList = listAt(patch, key);
    const meta = fieldMeta(type, key);
    const mergeKey = meta.mergeKey ?? '';
    validateSetOrder(patchList ?? [], order, mergeKey);
    if (live === undefined && patchList === undefined) continue;
    let merged: unknown[];
    if (patchList === undefined) merged = live ?? [];
    else if (live === undefined) merged = fresh(patchList, meta) as unknown[];
    else
      merged =
        baseStrategy(meta) === 'merge' ? mergeSlice(live, patchList, meta, false) : patchList;
    const isMap = [...(live ?? []), ...(patchList ?? [])].some(isObject);
    const [inOrder, serverOnly] = partition(merged, order, mergeKey);
    setKey(
      original,
      key,
      normalizeElementOrder(inOrder, serverOnly, order, live ?? [], {
        key: mergeKey,
        isMap: isMap,
      }),
    );
    delete patch[key];
  }
}

function listAt(obj: JsonObject, key: string): unknown[] | undefined {
  if (!Object.hasOwn(obj, key)) return undefined;
  const v = obj[key];
  if (!Array.isArray(v)) throw err.badArgType('[]interface {}', v);
  return v as unknown[];
}

/** Upstream's validatePatchWithSetOrderList: patch items must follow the directive's order. */
function validateSetOrder(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    for (const v of patchList) if (!isObject(v)) throw err.badArgType('map[string]interface {}', v);
    items = patchList.filter((v) => (v as JsonObject)[DIRECTIVE] !== 'delete');
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < order.length) {
    const item = items[p];
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) {
      p++;
      continue;
    }
    if (sameKey(item, order[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length) {
    throw new SmpError(
      'internal',
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match $setElementOrder list:\n${goFormat(order)}\n`,
    );
  }
}

function sameKey(a: unknown, b: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return a === b;
  if (!isObject(a)) throw err.badArgType('map[string]interface {}', a);
  if (!isObject(b)) throw err.badArgType('map[string]interface {}', b);
  if (!Object.hasOwn(a, mergeKey)) throw err.noMergeKey(a, mergeKey);
  if (!Object.hasOwn(b, mergeKey)) throw err.noMergeKey(b, mergeKey);
  return a[mergeKey] === b[mergeKey];
}

/** Kind shared by all elements; lists of lists and mixed lists are errors. */
function elementKind(...lists: unknown[][]): string {
  let kind: string | undefined;
  for (const v of lists.flat()) {
    const k = goKind(v);
    if (kind === undefined) {
      if (k === 'slice') throw err.noListOfLists();
      kind = k;
    } else if (k !== kind) {
      throw new SmpError('internal', `list element types are not identical: ${goFormat(lists)}`);
    }
  }
  return kind ?? 'nil';
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  meta: FieldMeta,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const isMap = elementKind(original, patch) === 'map';
  if (!isMap) {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    const merged = [...new Set([...original, ...patch])];
    const [inPatch, serverOnly] = partition(merged, patch, '');
    return normalizeElementOrder(inPatch, serverOnly, patch, original, { key: '', isMap: false });
  }
  const key = meta.mergeKey;
  if (key === undefined)
    throw new SmpError('internal', 'cannot merge lists without merge key for type struct');
  const special = applySpecialElements(original, patch, key);
  if (special.replaced)
    special.original = special.original.map((m) => mergeMap({}, m as JsonObject, meta.type));
  const merged = mergeByKey(special.original, special.patch, key, meta);
  const [inPatch, serverOnly] = partition(merged, special.patch, key);
  return normalizeElementOrder(inPatch, serverOnly, special.patch, special.original, {
    key: key,
    isMap: true,
  });
}

/** `$patch: delete` removes matching items, `$patch: replace` replaces the whole list. */
function applySpecialElements(original: unknown[], patch: unknown[], key: string) {
  const plain: unknown[] = [];
  let replace = false;
  let live = original;
  for (const item of patch) {
    const m = item as JsonObject;
    if (!Object.hasOwn(m, DIRECTIVE)) {
      plain.push(item);
    } else if (m[DIRECTIVE] === 'delete') {
      if (!Object.hasOwn(m, key)) throw err.noMergeKey(m, key);
      live = live.filter((v) => findByKey([v], key, m[key]) < 0);
    } else if (m[DIRECTIVE] === 'replace') {
      replace = true;
    } else if (m[DIRECTIVE] === 'merge') {
      throw new SmpError('internal', 'merging lists cannot yet be specified in the patch');
    } else {
      throw err.badPatchType(m[DIRECTIVE], m);
    }
  }
  return replace
    ? { original: plain, patch: [], replaced: true }
    : { original: live, patch: plain, replaced: false };
}

function mergeByKey(original: unknown[], patch: unknown[], key: string, meta: FieldMeta) {
  const out = [...original];
  for (const item of patch) {
    const m = item as JsonObject;
    if (!Object.hasOwn(m, key)) throw err.noMergeKey(m, key);
    const at = findByKey(out, key, m[key]);
    if (at >= 0) out[at] = mergeMap(out[at] as JsonObject, m, meta.type);
    else out.push(mergeMap({}, m, meta.type));
  }
  return out;
}
