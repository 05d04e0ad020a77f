import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { buildKubeconfig, writeKubeconfig } from './kubeconfig.ts';

void test('buildKubeconfig: one cluster, one token user, current context set', () => {
  assert.deepEqual(buildKubeconfig({ server: 'http://127.0.0.1:6443', token: 't0k' }), {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'steward-sandbox', cluster: { server: 'http://127.0.0.1:6443' } }],
    users: [{ name: 'steward-admin', user: { token: 't0k' } }],
    contexts: [
      { name: 'steward-sandbox', context: { cluster: 'steward-sandbox', user: 'steward-admin' } },
    ],
    'current-context': 'steward-sandbox',
    preferences: {},
  });
});

void test('writeKubeconfig writes YAML with mode 0600', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'steward-kc-'));
  try {
    const path = join(dir, 'kubeconfig');
    const config = buildKubeconfig({ server: 'http://127.0.0.1:1', token: 'x' });
    await writeKubeconfig(path, config);
    await writeKubeconfig(path, config);
    assert.deepEqual(parse(await readFile(path, 'utf8')), config);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
