// JSON patch (RFC 6902) with the behaviour of the library upstream uses (evanphx/json-patch v4).
import { clone, deepEqual, isObject, setKey } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import { patchBadRequest, patchNotApplicable, patchTooLarge } from './patch-errors.ts';

/** Upstream's cap on operations in one JSON patch (apiserver handlers/patch.go). */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

/** The outcome of applying a JSON patch, with the library's reason when it fails. */
export type JsonPatchResult = { ok: true; value: unknown } | { ok: false; reason: string };

type Container = JsonObject | unknown[];
type Op = Record<string, unknown>;

/**
 * Applies a JSON patch and returns the new document (inputs are not changed). Throws ApiError:
 * 400 when the patch is not a list of objects, 413 past 10000 operations, 422 when an
 * operation does not apply (upstream hides the library's reason behind a generic message).
 */
export function applyJsonPatch(doc: unknown, patch: unknown): unknown {
  const result = tryApplyJsonPatch(doc, patch);
  if (!result.ok) throw patchNotApplicable();
  return result.value;
}

/** Like applyJsonPatch but reports an operation failure as data, with the library's reason. */
export function tryApplyJsonPatch(doc: unknown, patch: unknown): JsonPatchResult {
  const ops = decodePatch(patch);
  const root = { doc: clone(doc) };
  for (const op of ops) {
    const reason = applyOp(root, op);
    if (reason !== undefined) return { ok: false, reason };
  }
  return { ok: true, value: root.doc };
}

function decodePatch(patch: unknown): Op[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw patchBadRequest(unmarshalError(patch, 'jsonpatch.Patch'));
  for (const op of patch) {
    if (op !== null && !isObject(op)) {
      throw patchBadRequest(unmarshalError(op, 'jsonpatch.Operation'));
    }
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw patchTooLarge(
      `The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
  }
  return patch.map((op) => (op === null ? {} : (op as Op)));
}

function unmarshalError(value: unknown, goType: string): string {
  const jsonType = Array.isArray(value)
    ? 'array'
    : typeof value === 'object'
      ? 'object'
      : typeof value === 'boolean'
        ? 'bool'
        : typeof value;
  return `json: cannot unmarshal ${jsonType} into Go value of type ${goType}`;
}

function applyOp(root: { doc: unknown }, op: Op): string | undefined {
  const kind = typeof op['op'] === 'string' ? op['op'] : 'unknown';
  switch (kind) {
    case 'add':
      return withPath(root, op, 'path', (c, k) => add(c, k, valueOf(op)));
    case 'remove':
      return withPath(root, op, 'path', (c, k) => remove(c, k));
    case 'replace':
      return withPath(root, op, 'path', (c, k) => replace(c, k, valueOf(op)));
    case 'move':
      return moveOrCopy(root, op, true);
    case 'copy':
      return moveOrCopy(root, op, false);
    case 'test':
      return withPath(root, op, 'path', (c, k) => testValue(c, k, op));
    default:
      return `Unexpected kind: ${kind}`;
  }
}

/** The op's value; a missing value counts as null, as in the library. */
function valueOf(op: Op): unknown {
  return op['value'] === undefined ? null : clone(op['value']);
}

type Step = (container: Container, key: string) => string | undefined;

function withPath(root: { doc: unknown }, op: Op, field: string, step: Step): string | undefined {
  const path = op[field];
  if (typeof path !== 'string') return `operation missing ${field} field`;
  const found = findContainer(root.doc, path);
  if (!found) return `doc is missing path: "${path}"`;
  const reason = step(found.container, found.key);
  return reason === undefined ? undefined : `${reason} (path ${path})`;
}

function moveOrCopy(root: { doc: unknown }, op: Op, isMove: boolean): string | undefined {
  let value: unknown;
  const fromReason = withPath(root, op, 'from', (c, k) => {
    const got = get(c, k);
    if (!got.ok) return got.reason;
    value = got.value === undefined ? null : clone(got.value);
    return isMove ? remove(c, k) : undefined;
  });
  if (fromReason !== undefined) return fromReason;
  return withPath(root, op, 'path', (c, k) => add(c, k, value));
}

function testValue(container: Container, key: string, op: Op): string | undefined {
  const got = get(container, key);
  if (!got.ok) return got.reason;
  const actual = got.value ?? null;
  if (actual === null)
    return op['value'] === undefined || op['value'] === null ? undefined : 'test failed';
  if (op['value'] === undefined) return 'test failed';
  return deepEqual(actual, op['value']) ? undefined : 'test failed';
}

/** Splits a pointer like upstream: the text before the first "/" is ignored, "" has no parent. */
export function findContainer(
  doc: unknown,
  path: string,
): { container: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let current: unknown = doc;
  for (const part of split.slice(1, -1)) {
    if (!isObject(current) && !Array.isArray(current)) return undefined;
    const got = get(current, decodeKey(part));
    if (!got.ok) return undefined;
    current = got.value;
  }
  if (!isObject(current) && !Array.isArray(current)) return undefined;
  return { container: current, key: decodeKey(split[split.length - 1] ?? '') };
}

/** RFC 6901 unescaping: `~1` is "/", then `~0` is "~". */
export function decodeKey(key: string): string {
  return key.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Go's strconv.Atoi: optional sign, decimal digits (leading zeros allowed). */
function atoi(key: string): number | undefined {
  return /^[+-]?\d+$/.test(key) ? Number(key) : undefined;
}

function get(
  c: Container,
  key: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (!Array.isArray(c)) return { ok: true, value: c[key] };
  const idx = atoi(key);
  if (idx === undefined) return { ok: false, reason: `invalid array index: ${key}` };
  if (idx < 0 || idx >= c.length)
    return { ok: false, reason: `Unable to access invalid index: ${idx}` };
  return { ok: true, value: c[idx] };
}

function add(c: Container, key: string, value: unknown): string | undefined {
  if (!Array.isArray(c)) {
    setKey(c, key, value);
    return undefined;
  }
  if (key === '-') {
    c.push(value);
    return undefined;
  }
  let idx = atoi(key);
  if (idx === undefined) return `value was not a proper array index: '${key}'`;
  const size = c.length + 1;
  if (idx >= size || idx < -size) return `Unable to access invalid index: ${idx}`;
  if (idx < 0) idx += size; // upstream accepts negative indices, counted from the end
  c.splice(idx, 0, value);
  return undefined;
}

function remove(c: Container, key: string): string | undefined {
  if (!Array.isArray(c)) {
    if (!Object.hasOwn(c, key)) return `Unable to remove nonexistent key: ${key}: missing value`;
    delete c[key];
    return undefined;
  }
  let idx = atoi(key);
  if (idx === undefined) return `invalid array index: ${key}`;
  if (idx >= c.length || idx < -c.length) return `Unable to access invalid index: ${idx}`;
  if (idx < 0) idx += c.length;
  c.splice(idx, 1);
  return undefined;
}

/** Replacing a missing object member adds it: the library only checks array indices. */
function replace(c: Container, key: string, value: unknown): string | undefined {
  const got = get(c, key);
  if (!got.ok) return got.reason;
  if (Array.isArray(c)) c[Number(key)] = value;
  else setKey(c, key, value);
  return undefined;
}
