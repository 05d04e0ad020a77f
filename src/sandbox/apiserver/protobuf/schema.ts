// Field tables for Kubernetes protobuf messages: a compact notation compiled into FieldSpecs.
//
// Each message maps field numbers to `name:type`, as read from upstream generated.proto files:
//   `name:string`      scalar (string, int32, int64, bool, bytes) or a message name (`name:PodSpec`)
//   `name:[]T`         repeated field
//   `name:map<T>`      map with string keys (entries are messages with key=1, value=2)
//   `name:int32?`      kept in JSON even when zero: a Go pointer (`replicas: 0`) or a field
//                      without omitempty
//   `*:T`              an embedded Go struct whose fields are inlined into the parent in JSON

/** How a field's value is encoded. */
export type FieldKind = 'string' | 'int32' | 'int64' | 'bool' | 'bytes' | 'message' | 'map';

/** Scalar kinds (everything but messages and maps). */
export type ScalarKind = Exclude<FieldKind, 'message' | 'map'>;

/** One field of a message, compiled from the notation above. */
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  /** Message name (kind 'message'), or the value type of a map (a scalar kind or a message name). */
  type?: string;
  repeated?: true;
  /** Go pointer scalar: a zero value is meaningful and kept. */
  pointer?: true;
  /** Embedded struct: its fields are merged into the parent object. */
  inline?: true;
}

/** Message name → field number → notation string. */
export type MessageTable = Record<string, Record<number, string>>;

/** Message name → field number → FieldSpec. */
export type Schema = Map<string, Map<number, FieldSpec>>;

const SCALARS: ReadonlySet<string> = new Set(['string', 'int32', 'int64', 'bool', 'bytes']);

/** Whether a type name is a scalar kind. */
export function isScalar(type: string): type is ScalarKind {
  return SCALARS.has(type);
}

/** Compiles one `name:type` notation into a FieldSpec. */
export function parseField(notation: string): FieldSpec {
  const colon = notation.indexOf(':');
  if (colon <= 0) throw new Error(`bad field notation ${JSON.stringify(notation)}`);
  const name = notation.slice(0, colon);
  let type = notation.slice(colon + 1);
  const spec: FieldSpec = { name, kind: 'string' };
  if (name === '*') spec.inline = true;
  if (type.endsWith('?')) {
    spec.pointer = true;
    type = type.slice(0, -1);
  }
  if (type.startsWith('[]')) {
    spec.repeated = true;
    type = type.slice(2);
  }
  const map = /^map<(\w+)>$/.exec(type);
  if (map) return { ...spec, kind: 'map', type: map[1] ?? 'string' };
  if (isScalar(type)) return { ...spec, kind: type };
  return { ...spec, kind: 'message', type };
}

/** Compiles message tables (later tables may not redefine a message). */
export function compileSchema(...tables: MessageTable[]): Schema {
  const schema: Schema = new Map();
  for (const table of tables) {
    for (const [message, fields] of Object.entries(table)) {
      if (schema.has(message)) throw new Error(`message ${message} defined twice`);
      const compiled = new Map<number, FieldSpec>();
      for (const [num, notation] of Object.entries(fields))
        compiled.set(Number(num), parseField(notation));
      schema.set(message, compiled);
    }
  }
  return schema;
}
