// Element order of merged lists in a strategic merge patch (upstream's normalizeElementOrder).
import { isObject } from './json-value.ts';
import { noMergeKey, notAMap } from './smp-errors.ts';

/** Index of an item in a list: by merge-key value for maps, by value for primitives. */
function indexIn(list: readonly unknown[], item: unknown, key: string, isMap: boolean): number {
  const valueOf = (v: unknown) => (isMap ? (isObject(v) ? v[key] : undefined) : v);
  const wanted = valueOf(item);
  return list.findIndex((v) => valueOf(v) === wanted);
}

/** The first map in a list whose merge key equals a value (errors on non-map elements). */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item)) throw notAMap(i);
    if (Object.hasOwn(item, key) && item[key] === value) return i;
  }
  return -1;
}

/** Splits items into those present in `by` (by merge key, or by value) and the rest. */
export function partition(
  items: readonly unknown[],
  by: readonly unknown[],
  key: string,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const rest: unknown[] = [];
  const primitives = new Set(by);
  for (const item of items) {
    let found: boolean;
    if (key === '') {
      found = primitives.has(item);
    } else {
      if (!isObject(item)) throw notAMap(0);
      if (!Object.hasOwn(item, key)) throw noMergeKey(item, key);
      found = findByKey(by, key, item[key]) >= 0;
    }
    (found ? present : rest).push(item);
  }
  return [present, rest];
}

/** Go's stable insertion sort with upstream's comparator (unknown items sort first). */
function sortByOrder(items: unknown[], order: readonly unknown[], key: string, isMap: boolean) {
  const less = (a: unknown, b: unknown) => {
    const ia = indexIn(order, a, key, isMap);
    const ib = indexIn(order, b, key, isMap);
    return ia >= 0 && ib >= 0 ? ia < ib : true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) {
      [items[j], items[j - 1]] = [items[j - 1], items[j]];
    }
  }
}

function normalizeSliceOrder(
  toSort: unknown[],
  order: readonly unknown[],
  key: string,
  isMap: boolean,
): unknown[] {
  if (!isMap) {
    sortByOrder(toSort, order, key, false);
    return toSort;
  }
  for (const item of [...toSort, ...order]) {
    if (!isObject(item) || !Object.hasOwn(item, key)) throw noMergeKey(item, key);
  }
  const isDelete = (v: unknown) => isObject(v) && v['$patch'] === 'delete';
  const kept = toSort.filter((v) => !isDelete(v));
  sortByOrder(kept, order, key, true);
  return [...kept, ...toSort.filter(isDelete)];
}

/**
 * Orders patch items by `patchOrder` and server-only items by `serverOrder`, then interleaves
 * them: a server-only item goes first only when both are in the live list and it came earlier.
 * So items new to the list end up in front of the server-only items that follow them.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  by: { key: string; isMap: boolean },
): unknown[] {
  const { key, isMap } = by;
  const right = normalizeSliceOrder(patchItems, patchOrder, key, isMap);
  const left = normalizeSliceOrder(serverOnly, serverOrder, key, isMap);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) {
      out.push(left[i++]);
    } else if (i >= left.length) {
      out.push(right[j++]);
    } else {
      const li = indexIn(serverOrder, left[i], key, isMap);
      const ri = indexIn(serverOrder, right[j], key, isMap);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}
