// WAL positions (LSNs) as bigints: parse and format the `X/Y` text form, compare, subtract.
import { StewardError } from '../lib/errors.ts';

/** A WAL position in bytes since the start of WAL. */
export type Lsn = bigint;

const LSN_RE = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** Parses `X/Y` (as PostgreSQL prints a pg_lsn); undefined when malformed. */
export function tryParseLsn(text: string): Lsn | undefined {
  const m = LSN_RE.exec(text.trim());
  if (!m?.[1] || !m[2]) return undefined;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

/** Parses `X/Y`; throws StewardError `INVALID_LSN` when malformed. */
export function parseLsn(text: string): Lsn {
  const lsn = tryParseLsn(text);
  if (lsn === undefined) throw new StewardError('INVALID_LSN', `invalid LSN "${text}"`);
  return lsn;
}

/** Parses a nullable pg_lsn column value (null stays null). */
export function parseLsnOrNull(text: string | null | undefined): Lsn | null {
  return text === null || text === undefined ? null : parseLsn(text);
}

/** Formats as PostgreSQL does: upper-case hex, no padding (`0/3000060`). */
export function formatLsn(lsn: Lsn): string {
  if (lsn < 0n || lsn > 0xffffffffffffffffn) {
    throw new StewardError('INVALID_LSN', `LSN out of range: ${lsn}`);
  }
  const hi = (lsn >> 32n).toString(16).toUpperCase();
  const lo = (lsn & 0xffffffffn).toString(16).toUpperCase();
  return `${hi}/${lo}`;
}

/** -1, 0 or 1, for sorting. */
export function compareLsn(a: Lsn, b: Lsn): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Bytes from `b` to `a` (negative when `a` is behind `b`), like pg_wal_lsn_diff. */
export function lsnDiff(a: Lsn, b: Lsn): bigint {
  return a - b;
}

/** Largest of the given LSNs, ignoring nulls; null when there are none. */
export function maxLsn(...lsns: (Lsn | null | undefined)[]): Lsn | null {
  let best: Lsn | null = null;
  for (const l of lsns) if (l !== null && l !== undefined && (best === null || l > best)) best = l;
  return best;
}

/** Byte count as a JS number for status output (exact below 2^53). */
export function lsnBytes(diff: bigint): number {
  return Number(diff);
}
