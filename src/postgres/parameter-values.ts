// Parsing of PostgreSQL parameter values: booleans, integers with memory/time units, reals.

/** Base units of integer parameters (what a bare number means). */
export type BaseUnit = 'B' | 'kB' | '8kB' | 'MB' | 'us' | 'ms' | 's' | 'min';

const MEMORY_UNITS: Record<string, number> = {
  B: 1,
  kB: 1024,
  MB: 1024 ** 2,
  GB: 1024 ** 3,
  TB: 1024 ** 4,
};
const TIME_UNITS: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};
const BASE_FACTOR: Record<BaseUnit, number> = {
  B: 1,
  kB: 1024,
  '8kB': 8192,
  MB: 1024 ** 2,
  us: 0.001,
  ms: 1,
  s: 1000,
  min: 60_000,
};

/** Whether a base unit measures memory (otherwise time). */
export function isMemoryUnit(unit: BaseUnit): boolean {
  return unit === 'B' || unit === 'kB' || unit === '8kB' || unit === 'MB';
}

/** PostgreSQL's boolean spellings: on/off, true/false, yes/no, 1/0 and unambiguous prefixes. */
export function parseBool(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === '1' || v === 'on') return true;
  if (v === '0' || v === 'of' || v === 'off') return false;
  if ('true'.startsWith(v) || 'yes'.startsWith(v)) return true;
  if ('false'.startsWith(v) || 'no'.startsWith(v)) return false;
  return undefined;
}

/** A number in PostgreSQL's integer/real syntax (decimal, hex `0x…`, exponent); undefined if not. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (/^[-+]?0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.replace(/^\+/, ''), 16);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  return Number(t);
}

const NUMBER_WITH_UNIT =
  /^\s*([-+]?(?:0[xX][0-9a-fA-F]+|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?))\s*([A-Za-z]*)\s*$/;

/**
 * Value of an integer parameter in its base unit (rounded as PostgreSQL does), or a message.
 * Units are case-sensitive, as in PostgreSQL (`128MB`, `5min`).
 */
export function parseIntegerWithUnit(
  value: string,
  base: BaseUnit | undefined,
): { value: number } | { error: string } {
  const m = NUMBER_WITH_UNIT.exec(value);
  const num = m?.[1] === undefined ? undefined : parseNumber(m[1]);
  const unit = m?.[2] ?? '';
  if (num === undefined) return { error: 'is not a number' };
  if (unit === '') {
    if (!Number.isInteger(num)) return { error: 'must be an integer' };
    return { value: num };
  }
  if (base === undefined) return { error: `does not take a unit ("${unit}")` };
  const table = isMemoryUnit(base) ? MEMORY_UNITS : TIME_UNITS;
  const factor = table[unit];
  if (factor === undefined) return { error: `has an invalid unit: ${unitHint(base)}` };
  return { value: Math.round((num * factor) / BASE_FACTOR[base]) };
}

function unitHint(base: BaseUnit): string {
  return isMemoryUnit(base)
    ? 'valid units are "B", "kB", "MB", "GB" and "TB"'
    : 'valid units are "us", "ms", "s", "min", "h" and "d"';
}
