import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import {
  buildPostgresClusterCrd,
  POSTGRES_CLUSTER_CRD_PATH,
  postgresClusterCrdYaml,
} from './crd.ts';

const root = join(import.meta.dirname, '..', '..');

void test('the committed CRD is exactly the generated one (run scripts/generate-crds.ts)', () => {
  const committed = readFileSync(join(root, POSTGRES_CLUSTER_CRD_PATH), 'utf8');
  assert.equal(committed, postgresClusterCrdYaml());
});

void test('the YAML parses back to the CRD object, also as YAML 1.1 (kubectl reads off as false)', () => {
  assert.deepEqual(parse(postgresClusterCrdYaml()), buildPostgresClusterCrd());
  assert.deepEqual(parse(postgresClusterCrdYaml(), { version: '1.1' }), buildPostgresClusterCrd());
});

void test('names, subresources and printer columns', () => {
  const crd = buildPostgresClusterCrd();
  assert.equal(crd.metadata.name, 'postgresclusters.steward.dev');
  assert.deepEqual(crd.spec.names['shortNames'], ['pgc']);
  assert.deepEqual(crd.spec.names['categories'], ['all']);
  const [v] = crd.spec.versions;
  assert.equal(v?.name, 'v1alpha1');
  assert.deepEqual(v?.subresources.scale, {
    specReplicasPath: '.spec.instances',
    statusReplicasPath: '.status.instances',
    labelSelectorPath: '.status.selector',
  });
  assert.deepEqual(
    v?.additionalPrinterColumns.map((c) => c.name),
    ['Instances', 'Ready', 'Primary', 'Phase', 'Age'],
  );
});
