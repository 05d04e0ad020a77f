import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { buildPostgresClusterCrd, POSTGRES_CLUSTER_CRD_PATH } from '../../api/crd.ts';
import { buildInstallObjects, installManifestYaml } from './manifest.ts';
import { INSTALL_MANIFEST_PATH } from './names.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
]);

test('the committed install manifest is exactly the generated one (run scripts/generate-install.ts)', () => {
  const committed = readFileSync(join(root, INSTALL_MANIFEST_PATH), 'utf8');
  assert.equal(committed, installManifestYaml());
});

test('the objects, in apply order', () => {
  assert.deepEqual(
    buildInstallObjects().map((o) => `${o.kind}/${o.metadata?.name}`),
    [
      'Namespace/steward-system',
      'CustomResourceDefinition/postgresclusters.steward.dev',
      'ServiceAccount/steward-operator',
      'ClusterRole/steward-operator',
      'ClusterRoleBinding/steward-operator',
      'Role/steward-operator-leader-election',
      'RoleBinding/steward-operator-leader-election',
      'Deployment/steward-operator',
    ],
  );
});

test('every namespaced object is in steward-system; cluster-scoped ones have no namespace', () => {
  for (const o of buildInstallObjects()) {
    const ns = o.metadata?.namespace;
    if (CLUSTER_SCOPED.has(o.kind ?? '')) assert.equal(ns, undefined, o.kind);
    else assert.equal(ns, 'steward-system', o.kind);
  }
});

test('the Namespace enforces the restricted Pod Security level', () => {
  assert.deepEqual(buildInstallObjects()[0], {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: 'steward-system',
      labels: {
        'app.kubernetes.io/part-of': 'steward',
        'pod-security.kubernetes.io/enforce': 'restricted',
      },
    },
  });
});

test('the CRD is the generated one, as also committed under deploy/crds/', () => {
  const crd = buildInstallObjects().find((o) => o.kind === 'CustomResourceDefinition');
  assert.deepEqual(crd, buildPostgresClusterCrd());
  assert.deepEqual(parse(readFileSync(join(root, POSTGRES_CLUSTER_CRD_PATH), 'utf8')), crd);
});

test('the YAML parses back to the objects, also as YAML 1.1, without aliases', () => {
  const text = installManifestYaml();
  for (const version of ['1.1', '1.2'] as const) {
    const docs = parseAllDocuments(text, { version });
    assert.ok(Array.isArray(docs));
    assert.deepEqual(
      docs.map((d) => d.toJS() as unknown),
      buildInstallObjects(),
    );
  }
  assert.doesNotMatch(text, /^\s*[^#\s].*[&*]a\d+/m);
});
