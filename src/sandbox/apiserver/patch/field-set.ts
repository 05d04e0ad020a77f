// Field sets of managedFields: paths of owned fields, their FieldsV1 encoding and printing.
import { deepEqual, isObject } from './json-value.ts';
import type { JsonObject } from './json-value.ts';
import type { ListType } from './patch-meta.ts';

/** How a field (named by its field-name path, list items skipped) merges under apply. */
export interface FieldShape {
  list: ListType;
  atomicMap: boolean;
}

/** Looks up the shape of a field by its field-name path, e.g. ['spec','template','spec','containers']. */
export type ShapeResolver = (fieldPath: readonly string[]) => FieldShape;

/** One path element as FieldsV1 spells it: `f:name`, `k:{"name":"a"}` or `v:"x"`. */
export type PathElement = string;

/** A set of paths, each stored as its JSON-encoded element list. */
export type FieldSet = Set<string>;

/** metadata fields that are never owned (upstream's stripMeta). */
const STRIPPED = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'selfLink',
  'managedFields',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** The path element of a list item, or undefined for atomic lists. */
export function itemElement(list: ListType, item: unknown): PathElement | undefined {
  if (list.kind === 'set') return `v:${JSON.stringify(item)}`;
  if (list.kind !== 'map' || !isObject(item)) return undefined;
  const key: JsonObject = {};
  for (const name of [...list.keys].sort()) {
    const v = Object.hasOwn(item, name) ? item[name] : list.defaults[name];
    if (v !== undefined) key[name] = v;
  }
  return `k:${JSON.stringify(key)}`;
}

interface Walk {
  resolve: ShapeResolver;
  set: FieldSet;
  /** Also record non-empty map nodes below the top level (what Update entries mark with "."). */
  withMaps: boolean;
}

/** The owned-field paths of an object: leaves, atomic values and list items. */
export function fieldSetOf(obj: unknown, resolve: ShapeResolver, withMaps = false): FieldSet {
  const walk: Walk = { resolve, set: new Set(), withMaps };
  if (!isObject(obj)) return walk.set;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'apiVersion' || k === 'kind') continue;
    if (k === 'metadata' && isObject(v)) {
      for (const [mk, mv] of Object.entries(v)) {
        if (!STRIPPED.has(mk)) visit(walk, mv, [`f:metadata`, `f:${mk}`], ['metadata', mk]);
      }
    } else {
      visit(walk, v, [`f:${k}`], [k]);
    }
  }
  return walk.set;
}

function visit(walk: Walk, v: unknown, path: PathElement[], names: string[]): void {
  const shape = walk.resolve(names);
  if (isObject(v) && !shape.atomicMap && Object.keys(v).length > 0) {
    if (walk.withMaps && path.length > 1) walk.set.add(JSON.stringify(path));
    for (const [k, child] of Object.entries(v))
      visit(walk, child, [...path, `f:${k}`], [...names, k]);
    return;
  }
  if (Array.isArray(v) && shape.list.kind !== 'atomic' && v.length > 0) {
    for (const item of v) {
      const pe = itemElement(shape.list, item);
      if (pe === undefined) continue;
      walk.set.add(JSON.stringify([...path, pe]));
      if (shape.list.kind === 'map' && isObject(item)) {
        for (const [k, child] of Object.entries(item)) {
          visit(walk, child, [...path, pe, `f:${k}`], [...names, k]);
        }
      }
    }
    return;
  }
  walk.set.add(JSON.stringify(path));
}

/** Decodes a stored path key. */
export const pathOf = (key: string): PathElement[] => JSON.parse(key) as PathElement[];

/** Encodes a field set as FieldsV1: nested objects, `".": {}` where a node and children are owned. */
export function toFieldsV1(set: FieldSet): JsonObject {
  const root: JsonObject = {};
  for (const key of set) {
    let node = root;
    for (const pe of pathOf(key)) {
      if (!isObject(node[pe])) node[pe] = {};
      node = node[pe] as JsonObject;
    }
    node['.'] = {};
  }
  return normalize(root);
}

function normalize(node: JsonObject): JsonObject {
  const keys = Object.keys(node).filter((k) => k !== '.');
  if (keys.length === 0) return {};
  const out: JsonObject = Object.hasOwn(node, '.') ? { '.': {} } : {};
  for (const k of keys.sort()) out[k] = normalize(node[k] as JsonObject);
  return out;
}

/** Decodes FieldsV1 into a field set. */
export function fromFieldsV1(
  fields: unknown,
  prefix: PathElement[] = [],
  set: FieldSet = new Set(),
): FieldSet {
  if (!isObject(fields)) return set;
  const keys = Object.keys(fields);
  if (prefix.length > 0 && (keys.length === 0 || keys.includes('.')))
    set.add(JSON.stringify(prefix));
  for (const k of keys) if (k !== '.') fromFieldsV1(fields[k], [...prefix, k], set);
  return set;
}

/** A path as upstream prints it in conflicts: `.spec.containers[name="app"].image`. */
export function formatPath(path: readonly PathElement[]): string {
  return path
    .map((pe) => {
      const body = pe.slice(2);
      if (pe.startsWith('f:')) return `.${body}`;
      if (pe.startsWith('v:')) return `[=${body}]`;
      const key = JSON.parse(body) as JsonObject;
      return `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(',')}]`;
    })
    .join('');
}

/** The value at a path, or undefined. */
export function valueAt(
  obj: unknown,
  path: readonly PathElement[],
  resolve: ShapeResolver,
): unknown {
  let cur: unknown = obj;
  const names: string[] = [];
  for (const pe of path) {
    if (pe.startsWith('f:')) {
      names.push(pe.slice(2));
      cur = isObject(cur) ? cur[pe.slice(2)] : undefined;
    } else {
      const list = resolve(names).list;
      cur = Array.isArray(cur) ? cur.find((item) => itemElement(list, item) === pe) : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Removes the field or list item at a path, then drops maps that the removal left empty. */
export function removeAt(
  obj: JsonObject,
  path: readonly PathElement[],
  resolve: ShapeResolver,
): void {
  const parents: { holder: JsonObject | unknown[]; at: string | number }[] = [];
  let cur: unknown = obj;
  const names: string[] = [];
  for (const pe of path) {
    if (pe.startsWith('f:')) {
      if (!isObject(cur) || !Object.hasOwn(cur, pe.slice(2))) return;
      parents.push({ holder: cur, at: pe.slice(2) });
      names.push(pe.slice(2));
      cur = cur[pe.slice(2)];
    } else {
      const list = resolve(names).list;
      const idx = Array.isArray(cur) ? cur.findIndex((i) => itemElement(list, i) === pe) : -1;
      if (idx < 0 || !Array.isArray(cur)) return;
      parents.push({ holder: cur, at: idx });
      cur = cur[idx];
    }
  }
  for (let i = parents.length - 1; i >= 0; i--) {
    const { holder, at } = parents[i]!;
    if (Array.isArray(holder)) holder.splice(at as number, 1);
    else delete holder[at as string];
    const parent = parents[i - 1];
    const container = parent
      ? Array.isArray(parent.holder)
        ? parent.holder[parent.at as number]
        : parent.holder[parent.at as string]
      : undefined;
    if (i === 0 || !isObject(container) || Object.keys(container).length > 0) return;
  }
}

/** True when two objects hold different values at a path. */
export const differsAt = (
  a: unknown,
  b: unknown,
  path: readonly PathElement[],
  resolve: ShapeResolver,
) => !deepEqual(valueAt(a, path, resolve), valueAt(b, path, resolve));
