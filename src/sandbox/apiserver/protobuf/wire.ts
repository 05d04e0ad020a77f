// Protocol-buffer wire format: splits a message into its fields (no schema needed).

/** Wire types of the protobuf encoding (3 and 4, groups, are not used by Kubernetes). */
export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field as found on the wire: its number, wire type and raw value. */
export type WireField =
  | {
      num: number;
      wire: typeof WIRE_VARINT | typeof WIRE_FIXED64 | typeof WIRE_FIXED32;
      value: bigint;
    }
  | { num: number; wire: typeof WIRE_BYTES; value: Buffer };

/** Malformed protobuf input. */
export class WireError extends Error {}

/** Reads a base-128 varint at `pos`; returns its value and the position after it. */
export function readVarint(buf: Buffer, pos: number): { value: bigint; next: number } {
  let value = 0n;
  let shift = 0n;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const byte = buf[i] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: i + 1 };
    shift += 7n;
  }
  throw new WireError('truncated or overlong varint');
}

function readFixed(buf: Buffer, pos: number, size: 4 | 8): bigint {
  if (pos + size > buf.length) throw new WireError('truncated fixed-width field');
  return size === 8 ? buf.readBigUInt64LE(pos) : BigInt(buf.readUInt32LE(pos));
}

function readField(buf: Buffer, pos: number): { field: WireField; next: number } {
  const key = readVarint(buf, pos);
  const num = Number(key.value >> 3n);
  const wire = Number(key.value & 7n);
  if (num === 0) throw new WireError('field number 0');
  switch (wire) {
    case WIRE_VARINT: {
      const v = readVarint(buf, key.next);
      return { field: { num, wire, value: v.value }, next: v.next };
    }
    case WIRE_FIXED64:
      return { field: { num, wire, value: readFixed(buf, key.next, 8) }, next: key.next + 8 };
    case WIRE_FIXED32:
      return { field: { num, wire, value: readFixed(buf, key.next, 4) }, next: key.next + 4 };
    case WIRE_BYTES: {
      const len = readVarint(buf, key.next);
      const end = len.next + Number(len.value);
      if (end > buf.length) throw new WireError('truncated length-delimited field');
      return { field: { num, wire, value: buf.subarray(len.next, end) }, next: end };
    }
    default:
      throw new WireError(`unsupported wire type ${wire}`);
  }
}

/** Splits an encoded message into its fields, in wire order. */
export function readFields(buf: Buffer): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const { field, next } = readField(buf, pos);
    fields.push(field);
    pos = next;
  }
  return fields;
}

/** Reads a packed run of varints (a `repeated` numeric field sent packed). */
export function readPackedVarints(buf: Buffer): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const v = readVarint(buf, pos);
    out.push(v.value);
    pos = v.next;
  }
  return out;
}
