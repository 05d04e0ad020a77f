// Small helpers for reading and defaulting untyped JSON objects inside strategies.
import { GoLiteral } from '../field-errors.ts';

/** A JSON object (plain record). */
export type Obj = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The object at `o[key]`, created (as `{}`) when missing or not an object. */
export function child(o: Obj, key: string): Obj {
  const v = o[key];
  if (isObj(v)) return v;
  const fresh: Obj = {};
  o[key] = fresh;
  return fresh;
}

/** The object at `o[key]`, or undefined. */
export const objAt = (o: Obj | undefined, key: string): Obj | undefined => {
  const v = o?.[key];
  return isObj(v) ? v : undefined;
};

/** The array of objects at `o[key]` (non-objects skipped); empty when missing. */
export function objList(o: Obj | undefined, key: string): Obj[] {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObj) : [];
}

/** The string at `o[key]`, or undefined. */
export const str = (o: Obj | undefined, key: string): string | undefined => {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
};

/** The number at `o[key]`, or undefined. */
export const num = (o: Obj | undefined, key: string): number | undefined => {
  const v = o?.[key];
  return typeof v === 'number' ? v : undefined;
};

/** Sets `o[key] = value` when the field is absent (undefined or null), as Go defaulters do. */
export function setDefault(o: Obj, key: string, value: unknown): void {
  if (o[key] === undefined || o[key] === null) o[key] = value;
}

/** Deep copy of JSON data. */
export const clone = <T>(v: T): T => structuredClone(v);

/** Deep equality of JSON data (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isObj(a) || !isObj(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual(a[k], b[k]));
}

/** Go's `%#v` of a `[]string`, e.g. `[]string{"a", "b"}`. */
export const goStrings = (values: readonly string[]): GoLiteral =>
  new GoLiteral(`[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`);

/** Go's `%#v` of a `map[string]string` (sorted keys), e.g. `map[string]string{"app":"x"}`. */
export function goStringMap(m: Record<string, string> | undefined): GoLiteral {
  if (!m) return new GoLiteral('map[string]string(nil)');
  const body = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`)
    .join(', ');
  return new GoLiteral(`map[string]string{${body}}`);
}

/** The string-valued entries of an object (labels, selectors). */
export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** A metav1.Time: RFC 3339 in UTC with whole seconds. */
export const isoSeconds = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Whether a value is one of the given strings. */
export const oneOf = (v: unknown, list: readonly string[]): boolean =>
  typeof v === 'string' && list.includes(v);
