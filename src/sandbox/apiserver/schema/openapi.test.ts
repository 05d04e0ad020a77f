import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUILTIN_RESOURCES } from '../builtin-resources.ts';
import type { ResourceType } from '../types.ts';
import { buildOpenApiDocument, buildOpenApiIndex, openApiHash, openApiPathKey } from './openapi.ts';
import type { JSONSchemaProps } from './schema-types.ts';

const widget: ResourceType = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  listKind: 'WidgetList',
  plural: 'widgets',
  singular: 'widget',
  namespaced: true,
  shortNames: ['wd'],
  categories: [],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: [],
  hasGeneration: true,
  hasStatusSubresource: false,
};
const widgetSchema: JSONSchemaProps = {
  type: 'object',
  description: 'Widget is a thing that widgets.',
  properties: {
    spec: {
      type: 'object',
      description: 'Spec of the widget.',
      properties: { size: { type: 'integer', description: 'How big the widget is.' } },
    },
  },
};
const resources = [...BUILTIN_RESOURCES, widget];
const crds = new Map([['Widget', widgetSchema]]);
const gvOf = (r: ResourceType) => (r.group ? `${r.group}/${r.version}` : r.version);
const gvs = [...new Set(resources.map(gvOf))];
const docs = new Map(
  gvs.map((gv) => [
    gv,
    buildOpenApiDocument(
      gv,
      resources,
      gvs.includes(gv) && gv === 'example.com/v1' ? crds : new Map(),
    ),
  ]),
);

interface Doc {
  paths: Record<
    string,
    {
      patch: {
        'x-kubernetes-group-version-kind': unknown;
        parameters: { name: string; in: string }[];
        requestBody: { content: Record<string, unknown> };
      };
    }
  >;
  components: {
    schemas: Record<
      string,
      {
        description?: string;
        properties: Record<string, { $ref?: string }>;
        'x-kubernetes-group-version-kind'?: unknown;
      }
    >;
  };
}
interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

void describe('buildOpenApiDocument', () => {
  void it('publishes PATCH with fieldValidation and GVK-tagged kind schemas', () => {
    const doc = docs.get('apps/v1') as Doc;
    const op = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']!.patch;
    assert.deepEqual(op['x-kubernetes-group-version-kind'], {
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    assert.ok(op.parameters.some((p) => p.name === 'fieldValidation' && p.in === 'query'));
    assert.ok(!('application/strategic-merge-patch+json' in op.requestBody.content));
    const dep = doc.components.schemas['io.k8s.api.v1.Deployment']!;
    assert.deepEqual(dep['x-kubernetes-group-version-kind'], [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    assert.equal(dep.properties['spec']!.$ref, '#/components/schemas/io.k8s.api.v1.DeploymentSpec');
  });

  void it('publishes CRD schemas with apiVersion, kind and metadata', () => {
    const doc = docs.get('example.com/v1') as Doc;
    const s = doc.components.schemas['com.example.v1.Widget']!;
    assert.equal(s.description, 'Widget is a thing that widgets.');
    assert.deepEqual(Object.keys(s.properties).sort(), ['apiVersion', 'kind', 'metadata', 'spec']);
    assert.ok(doc.components.schemas['io.k8s.api.v1.ObjectMeta']);
  });

  void it('indexes documents by content hash', () => {
    const index = buildOpenApiIndex(docs) as Index;
    assert.equal(
      index.paths['apis/apps/v1']!.serverRelativeURL,
      `/openapi/v3/apis/apps/v1?hash=${openApiHash(docs.get('apps/v1'))}`,
    );
    assert.match(
      index.paths['api/v1']!.serverRelativeURL,
      /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/,
    );
  });
});

// Throwaway server: discovery, /openapi/v3 and just enough of apps/v1 for `kubectl apply`.
function serve(posts: string[]) {
  const send = (res: ServerResponse, code: number, body: unknown) => {
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const apiResources = (gv: string) => ({
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv,
    resources: resources
      .filter((r) => gvOf(r) === gv)
      .map((r) => ({
        name: r.plural,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs,
        shortNames: r.shortNames,
      })),
  });
  const groups = [...new Set(resources.filter((r) => r.group).map((r) => r.group))];
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p === '/api')
      return send(res, 200, {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [],
      });
    if (p === '/apis') {
      return send(res, 200, {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((g) => {
          const v = resources.find((r) => r.group === g)!.version;
          const gv = { groupVersion: `${g}/${v}`, version: v };
          return { name: g, versions: [gv], preferredVersion: gv };
        }),
      });
    }
    if (p === '/api/v1') return send(res, 200, apiResources('v1'));
    const m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(p);
    if (m) return send(res, 200, apiResources(`${m[1]}/${m[2]}`));
    if (p === '/openapi/v3') return send(res, 200, buildOpenApiIndex(docs));
    const gv = gvs.find((g) => p === `/openapi/v3/${openApiPathKey(g)}`);
    if (gv) return send(res, 200, docs.get(gv));
    if (req.method === 'GET' && p.startsWith('/apis/apps/v1/namespaces/default/deployments/')) {
      return send(res, 404, {
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'NotFound',
        code: 404,
        message: 'not found',
      });
    }
    if (req.method === 'POST') {
      posts.push(`${p}${url.search}`);
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => send(res, 201, JSON.parse(body)));
      return;
    }
    send(res, 404, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 404,
      reason: 'NotFound',
    });
  });
}

void describe('with the real kubectl', () => {
  const posts: string[] = [];
  const server = serve(posts);
  let dir = '';
  let base = '';
  const kubectl = (args: string[], input?: string) =>
    new Promise<{ code: number; out: string }>((resolve) => {
      const child = execFile(
        'kubectl',
        [...args, '--server', base, '--cache-dir', join(dir, 'cache')],
        { env: { ...process.env, KUBECONFIG: join(dir, 'config') }, timeout: 20_000 },
        (err, stdout, stderr) => resolve({ code: err ? 1 : 0, out: stdout + stderr }),
      );
      if (input !== undefined) child.stdin?.end(input);
    });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'openapi-test-'));
    await writeFile(join(dir, 'config'), '');
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  void it('explains a custom resource with its descriptions', async (t) => {
    const r = await kubectl(['explain', 'widgets.spec']);
    if (r.out.includes('ENOENT')) return t.skip('kubectl not installed');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /KIND:\s+Widget/);
    assert.match(r.out, /Spec of the widget\./);
    assert.match(r.out, /size\s+<integer>/);
    assert.match(r.out, /How big the widget is\./);
  });

  void it('explains a built-in kind', async () => {
    const r = await kubectl(['explain', 'deployment.spec.template.spec.containers']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /imagePullPolicy\s+<string>/);
  });

  void it('lets kubectl apply use server-side strict validation', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'i' }] },
        },
      },
    });
    const r = await kubectl(['apply', '-f', '-'], manifest);
    assert.equal(r.code, 0, r.out);
    assert.equal(posts.length, 1);
    assert.match(posts[0]!, /fieldValidation=Strict/);
  });
});
