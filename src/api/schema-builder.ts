// A small builder for structural OpenAPI v3 schemas (CRD JSONSchemaProps) whose nodes also carry
// TypeScript types: each fact (type, bounds, default, required) is written once, and both the CRD
// schema and the types the operator uses are derived from it.

/** One node of a CRD schema (apiextensions.k8s.io/v1 JSONSchemaProps), as plain JSON. */
export interface JSONSchemaProps {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  properties?: Record<string, JSONSchemaProps>;
  required?: string[];
  additionalProperties?: JSONSchemaProps;
  items?: JSONSchemaProps;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  maxItems?: number;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
}

/** How a property behaves in its parent object: absent allowed, must be set, or defaulted. */
export type Mode = 'optional' | 'required' | 'defaulted';

/** A schema node; `I` is what a user may write, `O` what is stored after defaulting. */
export interface Node<I, O = I, M extends Mode = 'optional'> {
  readonly schema: JSONSchemaProps;
  readonly mode: M;
  /** Type-only markers (never set at run time). */
  readonly input?: I;
  readonly output?: O;
  /** The same node, required in its parent object. */
  required(): Node<I, O, 'required'>;
  /** The same node with a `default` the API server fills in when the field is absent. */
  withDefault(value: I): Node<I, O, 'defaulted'>;
}

/** Any node, for constraints. */
export type AnyNode = Node<unknown, unknown, Mode>;
/** What a user may write for a node. */
export type InputOf<N extends AnyNode> = Exclude<N['input'], undefined>;
/** What a node holds once defaults are applied. */
export type OutputOf<N extends AnyNode> = Exclude<N['output'], undefined>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Props = Record<string, AnyNode>;
type KeysIn<P extends Props, M extends Mode> = {
  [K in keyof P]: P[K]['mode'] extends M ? K : never;
}[keyof P];

/** The user-facing type of an object: only `required()` properties must be set. */
export type ObjectInput<P extends Props> = Simplify<
  { [K in KeysIn<P, 'required'>]: InputOf<P[K]> } & {
    [K in KeysIn<P, 'optional' | 'defaulted'>]?: InputOf<P[K]>;
  }
>;
/** The stored type of an object: required and defaulted properties are always present. */
export type ObjectOutput<P extends Props> = Simplify<
  { [K in KeysIn<P, 'required' | 'defaulted'>]: OutputOf<P[K]> } & {
    [K in KeysIn<P, 'optional'>]?: OutputOf<P[K]>;
  }
>;

function node<I, O, M extends Mode>(schema: JSONSchemaProps, mode: M): Node<I, O, M> {
  return {
    schema,
    mode,
    required: () => node<I, O, 'required'>(schema, 'required'),
    withDefault: (value: I) =>
      node<I, O, 'defaulted'>({ ...schema, default: structuredClone(value) }, 'defaulted'),
  };
}

/** String bounds and shape. */
export interface StringOptions {
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

/** A string. */
export function string(description: string, opts: StringOptions = {}): Node<string> {
  return node({ type: 'string', description, ...opts }, 'optional');
}

/** Integer bounds; `format` as the core API uses it (int32 for counts, int64 for bytes). */
export interface IntegerOptions {
  minimum?: number;
  maximum?: number;
  format?: 'int32' | 'int64';
}

/** An integer. */
export function integer(description: string, opts: IntegerOptions = {}): Node<number> {
  return node({ type: 'integer', format: 'int32', description, ...opts }, 'optional');
}

/** A boolean. */
export function boolean(description: string): Node<boolean> {
  return node({ type: 'boolean', description }, 'optional');
}

/** One of a fixed set of strings (an `enum`). */
export function oneOf<const V extends string>(values: readonly V[], description: string): Node<V> {
  return node({ type: 'string', description, enum: [...values] }, 'optional');
}

/** Kubernetes resource.Quantity's serialization, as apimachinery's OpenAPI definition states it. */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

/** A resource quantity ("10Gi", "500m" or a number), int-or-string as in the core API. */
export function quantity(description: string): Node<string | number> {
  const schema: JSONSchemaProps = {
    description,
    'x-kubernetes-int-or-string': true,
    pattern: QUANTITY_PATTERN,
  };
  return node(schema, 'optional');
}

/** A map from string keys to values of one node. */
export function mapOf<N extends AnyNode>(
  values: N,
  description: string,
): Node<Record<string, InputOf<N>>, Record<string, OutputOf<N>>> {
  const schema: JSONSchemaProps = {
    type: 'object',
    description,
    additionalProperties: values.schema,
  };
  return node(schema, 'optional');
}

/** List semantics for server-side apply (`x-kubernetes-list-type`), as in the core API. */
export interface ListOptions {
  listType?: 'atomic' | 'set' | 'map';
  mapKeys?: string[];
  maxItems?: number;
}

/** A list of values of one node. */
export function listOf<N extends AnyNode>(
  items: N,
  description: string,
  opts: ListOptions = {},
): Node<InputOf<N>[], OutputOf<N>[]> {
  const schema: JSONSchemaProps = { type: 'array', description, items: items.schema };
  if (opts.maxItems !== undefined) schema.maxItems = opts.maxItems;
  if (opts.listType) schema['x-kubernetes-list-type'] = opts.listType;
  if (opts.mapKeys) schema['x-kubernetes-list-map-keys'] = opts.mapKeys;
  return node(schema, 'optional');
}

/** An object with known properties; unknown fields are pruned or refused by the API server. */
export function object<P extends Props>(
  properties: P,
  description: string,
): Node<ObjectInput<P>, ObjectOutput<P>> {
  const entries = Object.entries(properties);
  const schema: JSONSchemaProps = {
    type: 'object',
    description,
    properties: Object.fromEntries(entries.map(([k, n]) => [k, n.schema])),
  };
  const required = entries.filter(([, n]) => n.mode === 'required').map(([k]) => k);
  if (required.length > 0) schema.required = required;
  return node(schema, 'optional');
}

/** The root `metadata` node: the API server allows only `type: object` there (no description). */
export function objectMetadata(): Node<Record<string, unknown>> {
  return node({ type: 'object' }, 'optional');
}
