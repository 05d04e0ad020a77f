// Resource quantities ("10Gi", "500m", "1e3") parsed to exact milli-units (apimachinery resource).

/** Upstream's message for a string that is not a quantity at all. */
export const QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/** Upstream's message for an unknown suffix. */
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";
/** Upstream's message for a malformed number. */
export const QUANTITY_NUMERIC_ERROR = 'unable to parse numeric part of quantity';

/** A quantity that does not parse; `message` is upstream's text. */
export class QuantityError extends Error {}

const SHAPE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

interface Scaled {
  num: bigint;
  den: bigint;
}

function parseNumber(s: string): Scaled {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) throw new QuantityError(QUANTITY_NUMERIC_ERROR);
  const neg = s.startsWith('-');
  const body = s.replace(/^[+-]/, '');
  const [int = '', frac = ''] = body.split('.');
  const num = BigInt(`${int}${frac}` || '0');
  return { num: neg ? -num : num, den: 10n ** BigInt(frac.length) };
}

function applySuffix(v: Scaled, suffix: string): Scaled {
  const bin = BINARY[suffix];
  if (bin !== undefined) return { num: v.num * 2n ** BigInt(10 * bin), den: v.den };
  let exp = DECIMAL[suffix];
  if (exp === undefined) {
    const m = /^[eE]([-+]?\d+)$/.exec(suffix);
    if (!m?.[1]) throw new QuantityError(QUANTITY_SUFFIX_ERROR);
    exp = Number(m[1]);
  }
  return exp >= 0
    ? { num: v.num * 10n ** BigInt(exp), den: v.den }
    : { num: v.num, den: v.den * 10n ** BigInt(-exp) };
}

/** The quantity in milli-units, rounded up (away from zero) as upstream's MilliValue. */
export function parseQuantity(s: string): bigint {
  const m = SHAPE.exec(s.trim());
  if (!m) throw new QuantityError(QUANTITY_FORMAT_ERROR);
  const v = applySuffix(parseNumber(m[1] ?? ''), m[2] ?? '');
  const scaled = v.num * 1000n;
  const q = scaled / v.den;
  const exact = q * v.den === scaled;
  if (exact) return q;
  return scaled > 0n ? q + 1n : q - 1n;
}

/** Whether a string parses as a quantity. */
export function isQuantity(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    parseQuantity(s);
    return true;
  } catch {
    return false;
  }
}

/** Quantity or number (JSON allows both) in milli-units; undefined when absent or invalid. */
export function quantityOf(v: unknown): bigint | undefined {
  if (typeof v === 'number') return BigInt(Math.ceil(v * 1000));
  return isQuantity(v) ? parseQuantity(v) : undefined;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: string, b: string): -1 | 0 | 1 {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
