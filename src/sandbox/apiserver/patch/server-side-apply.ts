// Server-side apply: merges an applied configuration and tracks field ownership (managedFields).
import { ApiError } from '../errors.ts';
import type { KubeObject } from '../types.ts';
import { clone, isObject } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import { fieldMeta, listTypeOf, rootTypeOf } from './patch-meta.ts';
import type { ListType } from './patch-meta.ts';
import {
  differsAt,
  fieldSetOf,
  formatPath,
  fromFieldsV1,
  itemElement,
  pathOf,
  removeAt,
  toFieldsV1,
} from './field-set.ts';
import type { FieldSet, FieldShape, ShapeResolver } from './field-set.ts';

/** One metadata.managedFields entry. */
export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: JsonObject;
  subresource?: string;
}

/** Options of one apply request. */
export interface ApplyOptions {
  manager: string;
  force: boolean;
  now: Date;
  /** true for built-in kinds (list keys from patch-meta), false for custom resources. */
  strategic: boolean;
  /** For custom resources: `x-kubernetes-list-type`/`-list-map-keys` of a field path. */
  listType?: (fieldPath: readonly string[]) => ListType | undefined;
}

const ATOMIC: FieldShape = { list: { kind: 'atomic' }, atomicMap: false };

/** Shapes of a built-in kind's fields, walked through the patch-meta schema tree. */
export function builtinShapes(group: string, kind: string): ShapeResolver {
  const root = rootTypeOf(group, kind);
  return (names) => {
    let type = root;
    let meta = {};
    for (const name of names) {
      meta = fieldMeta(type, name);
      type = (meta as { type?: string }).type;
    }
    if (names.length === 0) return ATOMIC;
    return {
      list: listTypeOf(meta),
      atomicMap: (meta as { ssaAtomic?: boolean }).ssaAtomic === true,
    };
  };
}

function shapesFor(
  obj: KubeObject,
  opts: Pick<ApplyOptions, 'strategic' | 'listType'>,
): ShapeResolver {
  if (opts.strategic) return builtinShapes(groupOf(obj.apiVersion), obj.kind ?? '');
  const lookup = opts.listType;
  return (names) => ({ list: lookup?.(names) ?? { kind: 'atomic' }, atomicMap: false });
}

const groupOf = (apiVersion = ''): string =>
  apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
const rfc3339 = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
  changed: boolean;
}

function ownersOf(obj: KubeObject | undefined): Owner[] {
  const entries = (obj?.metadata.managedFields ?? []) as ManagedFieldsEntry[];
  return entries.map((entry) => ({ entry, set: fromFieldsV1(entry.fieldsV1), changed: false }));
}

const sameManager = (
  e: ManagedFieldsEntry,
  manager: string,
  operation: string,
  apiVersion?: string,
) =>
  e.manager === manager &&
  e.operation === operation &&
  (e.subresource ?? '') === '' &&
  (operation === 'Apply' || e.apiVersion === apiVersion);

/**
 * Applies `applied` onto `live` (undefined: create) as manager `opts.manager`. Throws a 409
 * with upstream's conflict message when another manager owns a field the config changes and
 * `force` is off; with force, the field moves to this manager.
 */
export function applyServerSideApply(
  live: KubeObject | undefined,
  applied: KubeObject,
  opts: ApplyOptions,
): KubeObject {
  const resolve = shapesFor(applied, opts);
  const config = clone(applied);
  delete config.metadata.managedFields;
  const appliedSet = fieldSetOf(config, resolve);
  const owners = ownersOf(live);
  const mine = owners.find((o) => sameManager(o.entry, opts.manager, 'Apply'));
  const others = owners.filter((o) => o !== mine);
  const merged = mergeValue(live ? clone(live) : {}, config, [], resolve) as KubeObject;
  if (live) takeOver({ live, merged, appliedSet, resolve }, others, opts.force);
  for (const key of mine?.set ?? []) {
    if (!appliedSet.has(key) && !others.some((o) => o.set.has(key)))
      removeAt(merged, pathOf(key), resolve);
  }
  const entry: ManagedFieldsEntry = {
    manager: opts.manager,
    operation: 'Apply',
    apiVersion: applied.apiVersion ?? '',
    time: rfc3339(opts.now),
  };
  const next = [...others, { entry, set: appliedSet, changed: true }];
  merged.metadata.managedFields = encodeOwners(next, opts.now);
  return merged;
}

/** Finds fields the config changes that others own: 409 without force, else moves them. */
function takeOver(
  change: { live: KubeObject; merged: KubeObject; appliedSet: FieldSet; resolve: ShapeResolver },
  others: Owner[],
  force: boolean,
): void {
  const { live, merged, appliedSet, resolve } = change;
  const conflicts: { owner: Owner; key: string }[] = [];
  for (const owner of others) {
    for (const key of owner.set) {
      if (appliedSet.has(key) && isLeaf(key) && differsAt(live, merged, pathOf(key), resolve))
        conflicts.push({ owner, key });
    }
  }
  if (conflicts.length === 0) return;
  if (!force)
    throw applyConflict(
      conflicts.map((c) => ({ manager: describe(c.owner.entry), path: formatPath(pathOf(c.key)) })),
    );
  for (const { owner, key } of conflicts) owner.set.delete(key);
}

/** List items are never in conflict themselves, only their fields. */
const isLeaf = (key: string): boolean => (pathOf(key).at(-1) ?? '').startsWith('f:');

/** How upstream names a manager in conflicts: `"kubectl"`, or `"x" using apps/v1` for updaters. */
function describe(e: ManagedFieldsEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${s} using ${e.apiVersion ?? ''}` : s;
}

/** 409 Conflict with one FieldManagerConflict cause per field (managedfields internal/conflict.go). */
export function applyConflict(conflicts: { manager: string; path: string }[]): ApiError {
  let message: string;
  const [first] = conflicts;
  if (conflicts.length === 1 && first) {
    message = `Apply failed with 1 conflict: conflict with ${first.manager}: ${first.path}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts)
      byManager.set(c.manager, [...(byManager.get(c.manager) ?? []), c.path]);
    const lines = [...byManager.keys()]
      .sort()
      .flatMap((m) => [`conflicts with ${m}:`, ...(byManager.get(m) ?? []).map((p) => `- ${p}`)]);
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Conflict',
    details: {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${c.manager}`,
        field: c.path,
      })),
    },
    code: 409,
  });
}

/** Merges an applied value into a live one: maps by key, associative lists by key, sets by value. */
function mergeValue(
  live: unknown,
  applied: unknown,
  names: string[],
  resolve: ShapeResolver,
): unknown {
  const shape = names.length ? resolve(names) : ATOMIC;
  if (isObject(applied) && isObject(live) && !shape.atomicMap) {
    for (const [k, v] of Object.entries(applied))
      live[k] = mergeValue(live[k], v, [...names, k], resolve);
    return live;
  }
  if (Array.isArray(applied) && Array.isArray(live) && shape.list.kind !== 'atomic') {
    return mergeList(live, applied, shape.list, names, resolve);
  }
  return clone(applied);
}

function mergeList(
  live: unknown[],
  applied: unknown[],
  list: ListType,
  names: string[],
  resolve: ShapeResolver,
): unknown[] {
  const out = [...live];
  for (const item of applied) {
    const pe = itemElement(list, item);
    const at = out.findIndex((v) => pe !== undefined && itemElement(list, v) === pe);
    if (at < 0) out.push(clone(item));
    else if (list.kind === 'map') out[at] = mergeValue(out[at], item, names, resolve);
  }
  return out;
}

function encodeOwners(owners: Owner[], now: Date): ManagedFieldsEntry[] {
  return owners
    .filter((o) => o.set.size > 0)
    .map((o) => ({
      ...o.entry,
      ...(o.changed ? { time: rfc3339(now) } : {}),
      fieldsType: 'FieldsV1' as const,
      fieldsV1: toFieldsV1(o.set),
    }))
    .sort(compareEntries);
}

/** Upstream's order: Apply before Update, then by time, manager, apiVersion. */
function compareEntries(a: ManagedFieldsEntry, b: ManagedFieldsEntry): number {
  const keys = (e: ManagedFieldsEntry) => [
    e.operation,
    e.time ?? '',
    e.manager,
    e.apiVersion ?? '',
    e.subresource ?? '',
  ];
  const ka = keys(a);
  const kb = keys(b);
  for (let i = 0; i < ka.length; i++) {
    const [x = '', y = ''] = [ka[i], kb[i]];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Records an ordinary write (create, update, patch) in managedFields: fields it added or
 * changed move to `manager`'s Update entry and leave every other entry; removed fields leave all.
 */
export function recordUpdateManager(
  old: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
  operation: 'Update',
  now: Date,
): KubeObject {
  const resolve = shapesFor(updated, {
    strategic: rootTypeOf(groupOf(updated.apiVersion), updated.kind ?? '') !== undefined,
  });
  const before = fieldSetOf(old ?? {}, resolve, true);
  const after = fieldSetOf(updated, resolve, true);
  const changed = [...after].filter(
    (k) =>
      !before.has(k) ||
      (!isMapNode(updated, k, resolve) && differsAt(old, updated, pathOf(k), resolve)),
  );
  const removed = [...before].filter((k) => !after.has(k));
  const owners = ownersOf(old);
  let mine = owners.find((o) => sameManager(o.entry, manager, operation, updated.apiVersion));
  for (const o of owners) for (const k of [...changed, ...removed]) if (o !== mine) o.set.delete(k);
  if (!mine && changed.length > 0) {
    mine = {
      entry: { manager, operation, apiVersion: updated.apiVersion ?? '' },
      set: new Set(),
      changed: true,
    };
    owners.push(mine);
  }
  if (mine && (changed.length > 0 || removed.length > 0)) {
    mine.changed = true;
    for (const k of changed) mine.set.add(k);
    for (const k of removed) mine.set.delete(k);
  }
  const out = clone(updated);
  out.metadata.managedFields = encodeOwners(owners, now);
  return out;
}

function isMapNode(obj: KubeObject, key: string, resolve: ShapeResolver): boolean {
  const path = pathOf(key);
  const last = path[path.length - 1] ?? '';
  if (!last.startsWith('f:')) return false;
  const names = path.filter((p) => p.startsWith('f:')).map((p) => p.slice(2));
  let cur: unknown = obj;
  for (const n of names) cur = isObject(cur) ? cur[n] : undefined;
  return isObject(cur) && !resolve(names).atomicMap;
}
