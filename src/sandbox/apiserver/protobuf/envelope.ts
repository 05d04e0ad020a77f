// Kubernetes protobuf request bodies: the `k8s\0` magic, a runtime.Unknown envelope, the object.
//
// runtime.Unknown (apimachinery runtime/generated.proto): typeMeta=1 {apiVersion=1, kind=2},
// raw=2 (the object's own message, without TypeMeta), contentEncoding=3, contentType=4.
import { badRequest, unsupportedMediaType } from '../errors.ts';
import { decodeMessage } from './decode-message.ts';
import { messageFor, SCHEMA } from './kinds.ts';
import { readFields, WIRE_BYTES, WireError, type WireField } from './wire.ts';

/** Media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** The four bytes that start every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** A decoded body: its type and the object as JSON (with apiVersion and kind set). */
export interface DecodedProtobuf {
  apiVersion: string;
  kind: string;
  object: Record<string, unknown>;
}

function bytesField(fields: WireField[], num: number): Buffer {
  let value: Buffer = Buffer.alloc(0);
  for (const f of fields) if (f.num === num && f.wire === WIRE_BYTES) value = f.value;
  return value;
}

function envelope(body: Buffer): {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  encoding: string;
} {
  const fields = readFields(body.subarray(PROTOBUF_MAGIC.length));
  const typeMeta = readFields(bytesField(fields, 1));
  return {
    apiVersion: bytesField(typeMeta, 1).toString('utf8'),
    kind: bytesField(typeMeta, 2).toString('utf8'),
    raw: bytesField(fields, 2),
    encoding: bytesField(fields, 3).toString('utf8'),
  };
}

/** Decodes a Kubernetes protobuf body into the JSON object a JSON client would have sent. */
export function decodeKubernetesProtobuf(body: Buffer): DecodedProtobuf {
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, 4).equals(PROTOBUF_MAGIC)) {
    throw badRequest(
      `provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(' ')}]`,
    );
  }
  try {
    const { apiVersion, kind, raw, encoding } = envelope(body);
    const message = messageFor(apiVersion, kind);
    if (!message || encoding !== '') {
      throw unsupportedMediaType(PROTOBUF_MEDIA_TYPE, ['application/json', 'application/yaml']);
    }
    const object = { kind, apiVersion, ...decodeMessage(SCHEMA, raw, message) };
    return { apiVersion, kind, object };
  } catch (err) {
    if (err instanceof WireError)
      throw badRequest(`unable to decode protobuf body: ${err.message}`);
    throw err;
  }
}
