// Serves /openapi/v3: the index and one document per group version, rebuilt when CRDs change.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-util.ts';
import type { ResourceRegistry } from './registry.ts';
import { buildOpenApiDocument, buildOpenApiIndex, openApiPathKey } from './schema/openapi.ts';
import type { PathHandler } from './server.ts';

interface Cache {
  docs: Map<string, unknown>;
  byKey: Map<string, unknown>;
  index: object;
}

function build(registry: ResourceRegistry): Cache {
  const all = registry.all();
  const types = all.map((s) => s.type);
  const docs = new Map<string, unknown>();
  const byKey = new Map<string, unknown>();
  const gvs = new Set(types.map((t) => (t.group ? `${t.group}/${t.version}` : t.version)));
  for (const gv of gvs) {
    const crdSchemas = new Map<string, unknown>();
    for (const s of all) {
      const sgv = s.type.group ? `${s.type.group}/${s.type.version}` : s.type.version;
      if (sgv === gv && s.custom)
        crdSchemas.set(
          s.type.kind,
          s.custom.schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        );
    }
    const doc = buildOpenApiDocument(gv, types, crdSchemas);
    docs.set(gv, doc);
    byKey.set(openApiPathKey(gv), doc);
  }
  return { docs, byKey, index: buildOpenApiIndex(docs) };
}

/** Handler for `/openapi/v3` and `/openapi/v3/<api|apis>/...`. */
export function openApiPaths(registry: ResourceRegistry): PathHandler {
  let cache: Cache | undefined;
  registry.onChange(() => {
    cache = undefined;
  });
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!url.pathname.startsWith('/openapi/v3') || req.method !== 'GET') return false;
    cache ??= build(registry);
    const rest = url.pathname.slice('/openapi/v3'.length).replace(/^\/+|\/+$/g, '');
    const body = rest === '' ? cache.index : cache.byKey.get(rest);
    if (body === undefined) return false;
    sendJson(
      res,
      200,
      body,
      url.searchParams.has('hash') ? { 'Cache-Control': 'public, immutable' } : {},
    );
    return true;
  };
}
