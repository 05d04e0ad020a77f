// Hashing as upstream's controller history does it: Go's `encoding/json` output of a generic map
// (keys sorted, HTML-escaped), FNV-32 (`hash/fnv.New32`) and `rand.SafeEncodeString`.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1 32-bit hash of bytes (Go's `fnv.New32`). */
export function fnv1(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) h = (Math.imul(h, FNV_PRIME) ^ b) >>> 0;
  return h;
}

/** FNV-1a 32-bit hash of bytes (Go's `fnv.New32a`). */
export function fnv1a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: maps each character to a consonant or digit (no vowels, no bad words). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length] ?? 'b';
  return out;
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
  '\b': '\\u0008',
  '\f': '\\u000c',
};

function goString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]|\\[bf]/g,
    (m) => GO_ESCAPES[m.length === 2 ? (m === '\\b' ? '\b' : '\f') : m] ?? m,
  );
}

/** Go's json.Marshal of a generic value: compact, object keys sorted, HTML characters escaped. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${goString(k)}:${goJson(v)}`).join(',')}}`;
  }
  return 'null';
}

/** HashControllerRevision: FNV-32 of the raw data plus the collision count, safely encoded. */
export function hashControllerRevision(raw: string, collisionCount?: number): string {
  const enc = new TextEncoder();
  let h = fnv1(enc.encode(raw));
  if (collisionCount !== undefined) h = fnv1(enc.encode(String(collisionCount)), h);
  return safeEncodeString(String(h));
}
