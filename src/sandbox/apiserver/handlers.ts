// Resource requests: dispatches verbs on a served resource to the generic registry.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore, FieldValidation, WriteOptions } from './api-core.ts';
import { checkApplyFields } from './apply-typed.ts';
import { deleteObject, RETURNS_DELETED_OBJECT, type DeleteOptions } from './deletion.ts';
import {
  badRequest,
  methodNotSupported,
  notFound,
  pathNotFound,
  success,
  unsupportedMediaType,
} from './errors.ts';
import type { PatchEngines } from './hooks.ts';
import {
  decodeBody,
  mediaType,
  readBody,
  sendJson,
  wantsTable,
  warningHeaders,
} from './http-util.ts';
import { apiVersionOf } from './object-meta.ts';
import { resKeyOf, type Served } from './registry.ts';
import type { ResourceRequest } from './request-info.ts';
import {
  checkFieldSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors.ts';
import type { Stored } from './store.ts';
import type { KubeObject } from './types.ts';
import { serveWatch, type WatchTiming } from './watch.ts';

/** Renders objects as a meta.k8s.io/v1 Table. */
export type TableRenderer = (
  served: Served,
  objs: KubeObject[],
  includeObject: string,
  listRv?: string,
) => unknown;

export interface HandlerDeps {
  core: ApiCore;
  patch: PatchEngines;
  table: TableRenderer;
  watchTiming: WatchTiming;
  /** Registers a stop function for open streams; returns the unregister function. */
  trackStream: (stop: () => void) => () => void;
  /** Subresource handlers (scale, eviction, binding, token, ...), keyed by `group/plural/sub` or `*\/sub`. */
  subresources: Record<string, SubresourceHandler>;
}

export type SubresourceHandler = (ctx: RequestContext) => Promise<void>;

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  served: Served;
  info: ResourceRequest;
  deps: HandlerDeps;
  user: string;
  groups: string[];
}

const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

function writeOptions(url: URL, user: string): WriteOptions & { warnings: string[] } {
  const fv = url.searchParams.get('fieldValidation');
  if (fv !== null && !['Strict', 'Warn', 'Ignore'].includes(fv)) {
    throw badRequest(
      `fieldValidation parameter is invalid: Invalid value: "${fv}": must be one of Ignore, Warn, or Strict`,
    );
  }
  const dryRun = url.searchParams.getAll('dryRun');
  if (dryRun.some((d) => d !== 'All'))
    throw badRequest(`Invalid dryRun value: ${dryRun.join(',')}. Accepted values: All`);
  const opts: WriteOptions & { warnings: string[] } = {
    dryRun: dryRun.length > 0,
    fieldValidation: (fv as FieldValidation | null) ?? 'Warn',
    warnings: [],
  };
  opts.fieldManager = url.searchParams.get('fieldManager') ?? user;
  return opts;
}

/** Renders one object for a response (Table when asked). */
function present(ctx: RequestContext, stored: Stored): unknown {
  if (wantsTable(ctx.req)) return ctx.deps.table(ctx.served, [stored.obj], includeObject(ctx.url));
  return stored.json;
}

const includeObject = (url: URL): string => url.searchParams.get('includeObject') ?? 'Metadata';

async function readObject(ctx: RequestContext): Promise<KubeObject> {
  const type = mediaType(ctx.req);
  const known = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
  if (!known.includes(type)) {
    throw unsupportedMediaType(type, [
      'application/json',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
    ]);
  }
  const value = decodeBody(await readBody(ctx.req), type, 'body');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw badRequest(`the body of the request was not a ${ctx.served.type.kind} object`);
  }
  return value as KubeObject;
}

function handleList(ctx: RequestContext): void {
  const { served, url, deps } = ctx;
  const t = served.type;
  const rawLabels = url.searchParams.get('labelSelector') ?? '';
  const rawFields = url.searchParams.get('fieldSelector') ?? '';
  const labels = parseLabelSelector(rawLabels);
  const fields = parseFieldSelector(rawFields);
  checkFieldSelector(fields, resKeyOf(t), t.plural, rawFields, rawLabels);
  const ns = t.namespaced ? ctx.info.namespace : undefined;
  if (url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1') {
    const timeout = url.searchParams.get('timeoutSeconds');
    serveWatch(
      { req: ctx.req, res: ctx.res },
      deps.core.store,
      {
        served,
        namespace: ns,
        labels,
        fields,
        resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
        timeoutSeconds: timeout === null ? undefined : Number(timeout),
        allowBookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
        ...(wantsTable(ctx.req)
          ? { render: (o: KubeObject) => deps.table(served, [o], includeObject(url)) }
          : {}),
      },
      deps.watchTiming,
      deps.trackStream,
    );
    return;
  }
  const items = deps.core.store
    .list(resKeyOf(t), ns)
    .filter((s) => matchesLabels(labels, s.obj.metadata.labels) && matchesFields(fields, s.obj));
  const rv = String(deps.core.store.resourceVersion);
  if (wantsTable(ctx.req)) {
    sendJson(
      ctx.res,
      200,
      deps.table(
        served,
        items.map((s) => s.obj),
        includeObject(url),
        rv,
      ),
    );
    return;
  }
  const head = JSON.stringify({
    kind: t.listKind,
    apiVersion: apiVersionOf(t.group, t.version),
    metadata: { resourceVersion: rv },
  });
  sendJson(ctx.res, 200, `${head.slice(0, -1)},"items":[${items.map((s) => s.json).join(',')}]}`);
}

async function handleCreate(ctx: RequestContext): Promise<void> {
  const body = await readObject(ctx);
  const opts = writeOptions(ctx.url, ctx.user);
  const stored = ctx.deps.core.create(ctx.served, ctx.info.namespace, body, opts);
  sendJson(ctx.res, 201, present(ctx, stored), warningHeaders(opts.warnings));
}

async function handleUpdate(ctx: RequestContext, subresource?: 'status'): Promise<void> {
  const body = await readObject(ctx);
  const opts = writeOptions(ctx.url, ctx.user);
  const name = ctx.info.name ?? '';
  const stored = ctx.deps.core.update(ctx.served, ctx.info.namespace, name, body, {
    ...opts,
    ...(subresource ? { subresource } : {}),
  });
  sendJson(ctx.res, 200, present(ctx, stored), warningHeaders(opts.warnings));
}

/** Applies a patch of any supported type to the current object and stores the result. */
export async function handlePatch(ctx: RequestContext, subresource?: 'status'): Promise<void> {
  const type = mediaType(ctx.req);
  const { served, deps } = ctx;
  const t = served.type;
  const strategicOk = !served.custom && deps.patch.supportsStrategic(t.group, t.kind);
  const accepted = strategicOk ? PATCH_TYPES : PATCH_TYPES.filter((p) => !p.includes('strategic'));
  if (!accepted.includes(type)) throw unsupportedMediaType(type, accepted);
  const patch = decodeBody(await readBody(ctx.req), type, 'patch');
  const opts = writeOptions(ctx.url, ctx.user);
  const name = ctx.info.name ?? '';
  const ns = t.namespaced ? ctx.info.namespace : undefined;
  const existing = deps.core.store.get(resKeyOf(t), ns, name);
  if (type === 'application/apply-patch+yaml') {
    const manager = ctx.url.searchParams.get('fieldManager');
    if (!manager)
      throw badRequest(
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      );
    const force = ctx.url.searchParams.get('force') === 'true';
    const applied = patch as KubeObject;
    checkApplyFields({ ...t, custom: served.custom }, applied, deps.core.deps.schema);
    const merged = deps.patch.apply(existing ? structuredClone(existing.obj) : undefined, applied, {
      manager,
      force,
      now: deps.core.deps.now(),
      strategic: strategicOk,
    });
    const stored = existing
      ? deps.core.update(served, ns, name, merged, {
          ...opts,
          applied: true,
          old: existing,
          ...(subresource ? { subresource } : {}),
        })
      : deps.core.create(served, ns, merged, { ...opts, applied: true });
    sendJson(ctx.res, existing ? 200 : 201, present(ctx, stored), warningHeaders(opts.warnings));
    return;
  }
  if (!existing) throw notFound(t.group, t.plural, name);
  const doc = structuredClone(existing.obj);
  const patched =
    type === 'application/json-patch+json'
      ? deps.patch.json(doc, patch)
      : type === 'application/merge-patch+json'
        ? deps.patch.merge(doc, patch)
        : deps.patch.strategic(doc, patch, t);
  if (typeof patched !== 'object' || patched === null || Array.isArray(patched)) {
    throw badRequest('the patch did not produce an object');
  }
  const obj = patched as KubeObject;
  // A patch that does not set resourceVersion applies to whatever is current (no conflict).
  const sentRv = (patch as { metadata?: { resourceVersion?: string } } | null)?.metadata
    ?.resourceVersion;
  if (sentRv === undefined && typeof obj.metadata === 'object')
    obj.metadata.resourceVersion = existing.obj.metadata.resourceVersion;
  const stored = deps.core.update(served, ns, name, obj, {
    ...opts,
    old: existing,
    ...(subresource ? { subresource } : {}),
  });
  sendJson(ctx.res, 200, present(ctx, stored), warningHeaders(opts.warnings));
}

async function readDeleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const buf = await readBody(ctx.req);
  const opts: DeleteOptions =
    buf.length > 0 ? (decodeBody(buf, 'application/json', 'body') as DeleteOptions) : {};
  const q = ctx.url.searchParams;
  const grace = q.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const prop = q.get('propagationPolicy');
  if (prop !== null) {
    if (prop !== 'Orphan' && prop !== 'Background' && prop !== 'Foreground') {
      throw badRequest(
        `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${prop}": supported values: "Foreground", "Background", "Orphan", "nil"`,
      );
    }
    opts.propagationPolicy = prop;
  }
  if (q.get('orphanDependents') !== null)
    opts.orphanDependents = q.get('orphanDependents') === 'true';
  if (q.getAll('dryRun').length > 0) opts.dryRun = true;
  return opts;
}

async function handleDelete(ctx: RequestContext): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  const t = ctx.served.type;
  const name = ctx.info.name ?? '';
  const result = deleteObject(
    ctx.deps.core,
    ctx.served,
    t.namespaced ? ctx.info.namespace : undefined,
    name,
    opts,
  );
  const code =
    !result.deleted && (opts.orphanDependents === false || opts.propagationPolicy === 'Foreground')
      ? 202
      : 200;
  if (result.deleted && !RETURNS_DELETED_OBJECT.has(resKeyOf(t))) {
    sendJson(ctx.res, code, success(t.group, t.plural, name, result.stored.obj.metadata.uid));
    return;
  }
  sendJson(ctx.res, code, present(ctx, result.stored));
}

async function handleDeleteCollection(ctx: RequestContext): Promise<void> {
  const opts = await readDeleteOptions(ctx);
  const t = ctx.served.type;
  const labels = parseLabelSelector(ctx.url.searchParams.get('labelSelector') ?? '');
  const fields = parseFieldSelector(ctx.url.searchParams.get('fieldSelector') ?? '');
  const ns = t.namespaced ? ctx.info.namespace : undefined;
  const items: string[] = [];
  for (const s of ctx.deps.core.store.list(resKeyOf(t), ns)) {
    if (!matchesLabels(labels, s.obj.metadata.labels) || !matchesFields(fields, s.obj)) continue;
    const r = deleteObject(
      ctx.deps.core,
      ctx.served,
      s.obj.metadata.namespace,
      s.obj.metadata.name ?? '',
      opts,
    );
    items.push(r.stored.json);
  }
  const head = JSON.stringify({
    kind: t.listKind,
    apiVersion: apiVersionOf(t.group, t.version),
    metadata: { resourceVersion: String(ctx.deps.core.store.resourceVersion) },
  });
  sendJson(ctx.res, 200, `${head.slice(0, -1)},"items":[${items.join(',')}]}`);
}

/** Routes one resource request by method, name and subresource. */
export async function handleResource(ctx: RequestContext): Promise<void> {
  const { req, info, served } = ctx;
  const t = served.type;
  const method = req.method ?? 'GET';
  if (info.namespace !== undefined && !t.namespaced) throw pathNotFound();
  if (info.subresource) {
    const sub = t.subresources.find((s) => s.name === info.subresource);
    if (!sub || !info.name) throw pathNotFound();
    const handler =
      ctx.deps.subresources[`${resKeyOf(t)}/${sub.name}`] ?? ctx.deps.subresources[`*/${sub.name}`];
    if (!handler)
      throw methodNotSupported(t.group, `${t.plural}/${sub.name}`, method.toLowerCase());
    return handler(ctx);
  }
  if (!info.name) {
    if (method === 'GET') return handleList(ctx);
    if (method === 'POST') {
      const answer = ctx.deps.subresources[`${resKeyOf(t)}/`];
      if (answer) return answer(ctx);
      if (t.namespaced && info.namespace === undefined) throw pathNotFound();
      return handleCreate(ctx);
    }
    if (method === 'DELETE') return handleDeleteCollection(ctx);
    throw methodNotSupported(t.group, t.plural, method.toLowerCase());
  }
  if (t.namespaced && info.namespace === undefined) throw pathNotFound();
  switch (method) {
    case 'GET':
      sendJson(ctx.res, 200, present(ctx, ctx.deps.core.get(served, info.namespace, info.name)));
      return;
    case 'PUT':
      return handleUpdate(ctx);
    case 'PATCH':
      return handlePatch(ctx);
    case 'DELETE':
      return handleDelete(ctx);
    default:
      throw methodNotSupported(t.group, t.plural, method.toLowerCase());
  }
}

/** The status subresource: GET, PUT and PATCH of `.../status`. */
export const statusSubresource: SubresourceHandler = async (ctx) => {
  const method = ctx.req.method ?? 'GET';
  if (method === 'GET') {
    sendJson(
      ctx.res,
      200,
      present(ctx, ctx.deps.core.get(ctx.served, ctx.info.namespace, ctx.info.name ?? '')),
    );
    return;
  }
  if (method === 'PUT') return handleUpdate(ctx, 'status');
  if (method === 'PATCH') return handlePatch(ctx, 'status');
  throw methodNotSupported(
    ctx.served.type.group,
    `${ctx.served.type.plural}/status`,
    method.toLowerCase(),
  );
};
