// Decodes one protobuf message into the JSON object a JSON client would have sent.
import { isScalar, type FieldSpec, type Schema } from './schema.ts';
import { wellKnownDecoder } from './well-known.ts';
import { readFields, readPackedVarints, WIRE_BYTES, type WireField } from './wire.ts';

type Json = Record<string, unknown>;

function scalar(field: WireField, kind: FieldSpec['kind']): unknown {
  if (field.wire === WIRE_BYTES) {
    return kind === 'bytes' ? field.value.toString('base64') : field.value.toString('utf8');
  }
  if (kind === 'bool') return field.value !== 0n;
  if (kind === 'int32') return Number(BigInt.asIntN(32, field.value));
  return Number(BigInt.asIntN(64, field.value));
}

/** Go's zero values, which `omitempty` leaves out of JSON. */
function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

const ZERO: Record<string, unknown> = { string: '', bytes: '', bool: false, int32: 0, int64: 0 };

/** Decodes a value of `type`: a scalar kind, a well-known message or a message in the schema. */
function decodeValue(schema: Schema, field: WireField, type: string): unknown {
  if (isScalar(type)) return scalar(field, type);
  const buf = field.wire === WIRE_BYTES ? field.value : Buffer.alloc(0);
  const known = wellKnownDecoder(type);
  return known ? known(buf) : decodeMessage(schema, buf, type);
}

function mapEntry(schema: Schema, buf: Buffer, valueType: string): [string, unknown] {
  let key = '';
  let value: unknown;
  for (const f of readFields(buf)) {
    if (f.num === 1 && f.wire === WIRE_BYTES) key = f.value.toString('utf8');
    else if (f.num === 2) value = decodeValue(schema, f, valueType);
  }
  if (value === undefined) {
    // An absent value is the zero value of its type.
    const empty: WireField = { num: 2, wire: WIRE_BYTES, value: Buffer.alloc(0) };
    value = isScalar(valueType) ? ZERO[valueType] : decodeValue(schema, empty, valueType);
  }
  return [key, value];
}

function appendRepeated(schema: Schema, out: Json, spec: FieldSpec, field: WireField): void {
  const list = (out[spec.name] ??= []) as unknown[];
  const packed =
    field.wire === WIRE_BYTES &&
    (spec.kind === 'int32' || spec.kind === 'int64' || spec.kind === 'bool');
  if (packed) {
    for (const v of readPackedVarints(field.value))
      list.push(scalar({ num: field.num, wire: 0, value: v }, spec.kind));
    return;
  }
  list.push(decodeValue(schema, field, spec.type ?? spec.kind));
}

function applyField(schema: Schema, out: Json, spec: FieldSpec, field: WireField): void {
  if (spec.kind === 'map') {
    if (field.wire !== WIRE_BYTES) return;
    const [key, value] = mapEntry(schema, field.value, spec.type ?? 'string');
    ((out[spec.name] ??= {}) as Json)[key] = value;
    return;
  }
  if (spec.repeated) {
    appendRepeated(schema, out, spec, field);
    return;
  }
  const value = decodeValue(schema, field, spec.type ?? spec.kind);
  if (spec.inline) {
    Object.assign(out, value as Json);
    return;
  }
  if (spec.kind !== 'message' && !spec.pointer && isZero(value)) {
    delete out[spec.name];
    return;
  }
  out[spec.name] = value;
}

/** Decodes a message of type `type`; fields not in the schema are skipped, as protobuf does. */
export function decodeMessage(schema: Schema, buf: Buffer, type: string): Json {
  const fields = schema.get(type);
  if (!fields) throw new Error(`no field table for protobuf message ${type}`);
  const out: Json = {};
  for (const field of readFields(buf)) {
    const spec = fields.get(field.num);
    if (spec) applyField(schema, out, spec, field);
  }
  return out;
}
