// Messages whose JSON form is not an object of their fields (Time, Quantity, IntOrString, …).
//
// Field numbers, from upstream: meta/v1 Time and MicroTime {seconds=1 int64, nanos=2 int32};
// resource.Quantity {string=1}; intstr.IntOrString {type=1 int64, intVal=2 int32, strVal=3};
// runtime.RawExtension {raw=1 bytes}; meta/v1 FieldsV1 {Raw=1 bytes}; authentication and
// authorization ExtraValue {items=1 repeated string}.
import { readFields, type WireField, WIRE_BYTES } from './wire.ts';

function varint(fields: WireField[], num: number): bigint {
  let value = 0n;
  for (const f of fields) if (f.num === num && f.wire !== WIRE_BYTES) value = f.value;
  return value;
}

function bytes(fields: WireField[], num: number): Buffer | undefined {
  let value: Buffer | undefined;
  for (const f of fields) if (f.num === num && f.wire === WIRE_BYTES) value = f.value;
  return value;
}

/** Formats seconds + nanos as RFC 3339 in UTC, with `digits` fractional digits (0 or 6). */
export function formatTimestamp(seconds: bigint, nanos: number, digits: 0 | 6): string {
  const iso = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (digits === 0) return `${iso}Z`;
  return `${iso}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

function time(buf: Buffer, digits: 0 | 6): string | null {
  const fields = readFields(buf);
  const seconds = BigInt.asIntN(64, varint(fields, 1));
  const nanos = Number(BigInt.asIntN(32, varint(fields, 2)));
  // The zero time (Go's time.Time{}) is written as an empty message and shown as null.
  if (seconds === 0n && nanos === 0) return null;
  return formatTimestamp(seconds, nanos, digits);
}

function intOrString(buf: Buffer): number | string {
  const fields = readFields(buf);
  if (varint(fields, 1) === 1n) return (bytes(fields, 3) ?? Buffer.alloc(0)).toString('utf8');
  return Number(BigInt.asIntN(32, varint(fields, 2)));
}

function rawJson(buf: Buffer): unknown {
  const raw = bytes(readFields(buf), 1);
  if (!raw || raw.length === 0) return null;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

function stringList(buf: Buffer): string[] {
  return readFields(buf)
    .filter((f) => f.num === 1 && f.wire === WIRE_BYTES)
    .map((f) => (f.value as Buffer).toString('utf8'));
}

const DECODERS: Record<string, (buf: Buffer) => unknown> = {
  Time: (buf) => time(buf, 0),
  MicroTime: (buf) => time(buf, 6),
  Quantity: (buf) => (bytes(readFields(buf), 1) ?? Buffer.alloc(0)).toString('utf8'),
  IntOrString: intOrString,
  RawExtension: rawJson,
  FieldsV1: rawJson,
  ExtraValue: stringList,
};

/** The decoder of a well-known message, if `type` is one. */
export function wellKnownDecoder(type: string): ((buf: Buffer) => unknown) | undefined {
  return DECODERS[type];
}

/** Names of the well-known messages (they need no field table). */
export const WELL_KNOWN_TYPES: readonly string[] = Object.keys(DECODERS);
