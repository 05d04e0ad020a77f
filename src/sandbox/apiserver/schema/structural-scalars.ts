// Leaf checks of CRD schema validation (kube-openapi string, format, number and common
// validators), with upstream's field paths and messages.
import { invalid, notSupported, tooLong, typeInvalid } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { isSupportedFormat, matchesFormat } from './formats.ts';
import { goFloat, jsonEqual, jsonTypeOf } from './schema-types.ts';
import type { JSONSchemaProps } from './schema-types.ts';

/** The field path of a kube-openapi error name (`.x` at the root becomes `x`). */
export const fieldOf = (name: string): string => (name.startsWith('.') ? name.slice(1) : name);

/** Declared types of a node, int-or-string counting as `integer,string`. */
export function declaredTypes(s: JSONSchemaProps): string[] {
  if (s['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return s.type ? [s.type] : [];
}

/** Type check, including `nullable` and upstream's integer/number leniency. */
export function checkType(value: unknown, s: JSONSchemaProps, name: string): FieldError[] {
  const types = declaredTypes(s);
  if (types.length === 0) return [];
  const want = types.join(',');
  const msg = (got: string) => `${name} in body must be of type ${want}: ${JSON.stringify(got)}`;
  if (value === null || value === undefined) {
    if (types.includes('null') || s.nullable) return [];
    return [typeInvalid(fieldOf(name), 'null', msg('null'))];
  }
  const got = jsonTypeOf(value);
  const numeric = types.includes('number') || types.includes('integer');
  // Upstream quirk: a non-numeric schema with a (supported) format accepts strings and arrays.
  if (!numeric && isSupportedFormat(s.format) && (got === 'string' || got === 'array')) return [];
  if (types.includes(got)) return [];
  if (got === 'integer' && types.includes('number')) return [];
  return [typeInvalid(fieldOf(name), got, msg(got))];
}

const runes = (s: string): number => [...s].length;
const patterns = new Map<string, RegExp | null>();

function compile(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      try {
        re = new RegExp(pattern);
      } catch {
        re = null;
      }
    }
    patterns.set(pattern, re);
  }
  return re;
}

/** maxLength, minLength, pattern (first failure only, as upstream) and format. */
export function checkString(value: string, s: JSONSchemaProps, name: string): FieldError[] {
  const field = fieldOf(name);
  const errs: FieldError[] = [];
  if (s.maxLength !== undefined && runes(value) > s.maxLength) {
    errs.push(tooLong(field, value, s.maxLength));
  } else if (s.minLength !== undefined && runes(value) < s.minLength) {
    errs.push(
      invalid(field, value, `${name} in body should be at least ${s.minLength} chars long`),
    );
  } else if (s.pattern !== undefined && compile(s.pattern)?.test(value) === false) {
    errs.push(invalid(field, value, `${name} in body should match '${s.pattern}'`));
  }
  if (isSupportedFormat(s.format) && !matchesFormat(s.format, value)) {
    const msg = `${name} in body must be of type ${s.format}: ${JSON.stringify(value)}`;
    errs.push(typeInvalid(field, value, msg));
  }
  return errs;
}

function bound(value: number, b: number): string {
  return goFloat(Number.isInteger(value) ? Math.trunc(b) : b);
}

/** multipleOf, minimum and maximum (with the exclusive flags). */
export function checkNumber(value: number, s: JSONSchemaProps, name: string): FieldError[] {
  const field = fieldOf(name);
  const errs: FieldError[] = [];
  if (s.multipleOf !== undefined && s.multipleOf > 0) {
    const q = s.multipleOf < 1 ? (1 / s.multipleOf) * value : value / s.multipleOf;
    if (!Number.isInteger(q)) {
      errs.push(invalid(field, value, `${name} in body should be a multiple of ${s.multipleOf}`));
    }
  }
  if (s.minimum !== undefined) {
    const min = Number.isInteger(value) ? Math.trunc(s.minimum) : s.minimum;
    const bad = s.exclusiveMinimum ? value <= min : value < min;
    const op = s.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
    if (bad)
      errs.push(invalid(field, value, `${name} in body should be ${op} ${bound(value, min)}`));
  }
  if (s.maximum !== undefined) {
    const max = Number.isInteger(value) ? Math.trunc(s.maximum) : s.maximum;
    const bad = s.exclusiveMaximum ? value >= max : value > max;
    const op = s.exclusiveMaximum ? 'less than' : 'less than or equal to';
    if (bad)
      errs.push(invalid(field, value, `${name} in body should be ${op} ${bound(value, max)}`));
  }
  return errs;
}

/** `enum`: NotSupported with the allowed values (strings bare, others as JSON). */
export function checkEnum(value: unknown, s: JSONSchemaProps, name: string): FieldError[] {
  if (!s.enum || s.enum.length === 0) return [];
  if (value !== null && value !== undefined && s.enum.some((e) => jsonEqual(e, value))) return [];
  const supported = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return [notSupported(fieldOf(name), value ?? null, supported)];
}
