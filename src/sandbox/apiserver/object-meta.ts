// Small helpers on object metadata shared by the API server and its controllers.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from './types.ts';

/** RFC 3339 timestamp with second precision, as Kubernetes prints `metav1.Time`. */
export const formatTime = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** MicroTime (`2006-01-02T15:04:05.000000Z`) as used by Leases and events.k8s.io. */
export const formatMicroTime = (d: Date): string =>
  d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export const newUid = (): string => randomUUID();

/** The 5-character random suffix upstream appends for `generateName`. */
export function randomSuffix(n = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

/** `apiVersion` string of a group/version. */
export const apiVersionOf = (group: string, version: string): string =>
  group ? `${group}/${version}` : version;

/** Fields of an object other than metadata and status (what a spec change means for generation). */
export function specPart(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Deep equality on JSON data. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ak = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bk = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ak.length !== bk.length) return false;
  return ak.every((k) =>
    jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Drops empty labels, annotations, finalizers and ownerReferences, as Go's `omitempty` does. */
export function dropEmptyMeta(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown>;
  for (const k of ['labels', 'annotations', 'finalizers', 'ownerReferences']) {
    const v = meta[k];
    if (v === null || (typeof v === 'object' && Object.keys(v).length === 0)) delete meta[k];
  }
}
