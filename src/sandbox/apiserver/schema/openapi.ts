// The `/openapi/v3` discovery index and per-group-version OpenAPI v3 documents, as kubectl 1.32
// reads them: it checks that each kind's PATCH operation takes `fieldValidation` (then it sends
// `fieldValidation=Strict` instead of validating client-side) and `kubectl explain` renders the
// kind's component schema, found by its `x-kubernetes-group-version-kind`.
//
// The PATCH request bodies deliberately do NOT list `application/strategic-merge-patch+json`:
// when they do, `kubectl apply` computes strategic merge patches from these schemas and then
// needs exact `x-kubernetes-patch-merge-key`/`-strategy` extensions, which the client-node models
// do not carry. Without it kubectl uses its compiled-in Go types (strategic merge for built-ins,
// JSON merge patch for custom resources), which is what a real server's behaviour amounts to.
import { createHash } from 'node:crypto';
import type { ResourceType } from '../types.ts';
import { modelNameFor } from './builtin-models.ts';
import { componentName, modelComponents } from './openapi-builtin.ts';
import type { SchemaObject } from './openapi-builtin.ts';
import { canonicalJson, cloneJson } from './schema-types.ts';
import type { JSONSchemaProps } from './schema-types.ts';

const OBJECT_META = 'V1ObjectMeta';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
];

/** `v1` → `api/v1`, `apps/v1` → `apis/apps/v1`: the key of a group version in `/openapi/v3`. */
export function openApiPathKey(groupVersion: string): string {
  return groupVersion.includes('/') ? `apis/${groupVersion}` : `api/${groupVersion}`;
}

/** Content hash of a document, as upstream publishes it (uppercase hex SHA-512). */
export function openApiHash(doc: unknown): string {
  return createHash('sha512').update(canonicalJson(doc)).digest('hex').toUpperCase();
}

/** The `/openapi/v3` index for documents keyed by group version (`v1`, `apps/v1`). */
export function buildOpenApiIndex(docs: ReadonlyMap<string, unknown>): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [gv, doc] of [...docs].sort(([a], [b]) => a.localeCompare(b))) {
    const key = openApiPathKey(gv);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${openApiHash(doc)}` };
  }
  return { paths };
}

/** Component name of a custom resource kind: `example.com/v1 Widget` → `com.example.v1.Widget`. */
export function crdComponentName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

const gvString = (r: ResourceType): string => (r.group ? `${r.group}/${r.version}` : r.version);

/** The OpenAPI v3 document of one group version: its resources' paths and kind schemas. */
export function buildOpenApiDocument(
  gv: string,
  resources: readonly ResourceType[],
  crdSchemas: ReadonlyMap<string, unknown>,
): object {
  const mine = resources.filter((r) => gvString(r) === gv);
  const schemas: Record<string, SchemaObject> = {};
  const paths: Record<string, object> = {};
  const models = new Set<string>();
  const kinds: [string, ResourceType][] = [];
  for (const r of mine) {
    const crd = crdSchemas.get(r.kind);
    const model = crd === undefined ? modelNameFor(gv, r.kind) : undefined;
    let name: string;
    if (crd !== undefined) {
      name = crdComponentName(r.group, r.version, r.kind);
      schemas[name] = crdKindSchema(crd as JSONSchemaProps);
      models.add(OBJECT_META);
    } else if (model) {
      name = componentName(model);
      models.add(model);
    } else {
      name = crdComponentName(r.group || 'core', r.version, r.kind);
      schemas[name] = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    }
    kinds.push([name, r]);
    Object.assign(paths, resourcePaths(r, name));
  }
  for (const [name, schema] of modelComponents(models)) schemas[name] ??= cloneJson(schema);
  for (const [name, r] of kinds) {
    const s = schemas[name];
    if (s)
      s['x-kubernetes-group-version-kind'] = [{ group: r.group, kind: r.kind, version: r.version }];
  }
  schemas[PATCH] = {
    type: 'object',
    description:
      'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  };
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: sortKeys(schemas) },
  };
}

const API_VERSION_DOC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';

const OBJECT_META_DOC =
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** A CRD schema as published: apiVersion, kind and metadata added, as apiextensions does. */
function crdKindSchema(schema: JSONSchemaProps): SchemaObject {
  const s = cloneJson(schema) as SchemaObject;
  const props = { ...((s['properties'] as Record<string, unknown> | undefined) ?? {}) };
  props['apiVersion'] = { type: 'string', description: API_VERSION_DOC };
  props['kind'] = { type: 'string', description: KIND_DOC };
  props['metadata'] = {
    allOf: [{ $ref: `#/components/schemas/${componentName(OBJECT_META)}` }],
    description: OBJECT_META_DOC,
  };
  s['properties'] = props;
  s['type'] ??= 'object';
  return s;
}

function resourcePaths(r: ResourceType, schemaName: string): Record<string, object> {
  const base = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const scope = r.namespaced ? '/namespaces/{namespace}' : '';
  const item = `${base}${scope}/${r.plural}/{name}`;
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const params = [
    pathParam('name', `name of the ${r.kind}`),
    ...(r.namespaced
      ? [pathParam('namespace', 'object name and auth scope, such as for teams and projects')]
      : []),
  ];
  const okBody = {
    description: 'OK',
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } },
  };
  const op = (action: string, extra: object) => ({
    tags: [r.group ? `${r.group}_${r.version}` : `core_${r.version}`],
    description: `${action} the specified ${r.kind}`,
    operationId: `${action}${r.kind}`,
    responses: { '200': okBody },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    ...extra,
  });
  const paths: Record<string, object> = {};
  const ops: Record<string, unknown> = { parameters: params };
  if (r.verbs.includes('get')) ops['get'] = op('read', {});
  if (r.verbs.includes('patch')) ops['patch'] = op('patch', patchExtras());
  paths[item] = ops;
  return paths;
}

function pathParam(name: string, description: string): object {
  return {
    name,
    in: 'path',
    description,
    required: true,
    schema: { type: 'string', uniqueItems: true },
  };
}

function queryParam(name: string, description: string, type = 'string'): object {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

function patchExtras(): object {
  const body = Object.fromEntries(
    PATCH_TYPES.map((t) => [t, { schema: { $ref: `#/components/schemas/${PATCH}` } }]),
  );
  return {
    parameters: [
      queryParam('dryRun', 'When present, indicates that modifications should not be persisted.'),
      queryParam(
        'fieldManager',
        'fieldManager is a name associated with the actor or entity that is making these changes.',
      ),
      queryParam(
        'fieldValidation',
        'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
      ),
      queryParam('force', 'Force is going to "force" Apply requests.', 'boolean'),
    ],
    requestBody: { content: body, required: true },
  };
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
