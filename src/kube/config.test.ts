import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { loadKubeConfig, makeClients } from './config.ts';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: { server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true }
- name: two
  cluster: { server: "https://127.0.0.2:6443", insecure-skip-tls-verify: true }
users:
- name: u
  user: { token: abc }
contexts:
- name: first
  context: { cluster: one, user: u }
- name: second
  context: { cluster: two, user: u, namespace: work }
current-context: first
`;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function writeConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'steward-kube-'));
  dirs.push(dir);
  const path = join(dir, 'config');
  writeFileSync(path, KUBECONFIG);
  return path;
}

void test('loadKubeConfig reads a file and selects a context', () => {
  const path = writeConfig();
  assert.equal(
    loadKubeConfig({ kubeconfigPath: path }).getCurrentCluster()?.server,
    'https://127.0.0.1:6443',
  );
  const kc = loadKubeConfig({ kubeconfigPath: path, context: 'second' });
  assert.equal(kc.getCurrentCluster()?.server, 'https://127.0.0.2:6443');
  assert.throws(
    () => loadKubeConfig({ kubeconfigPath: path, context: 'nope' }),
    /context "nope" does not exist/,
  );
  assert.throws(
    () => loadKubeConfig({ kubeconfigPath: join(path, 'missing') }),
    /while loading kubeconfig/,
  );
});

void test('makeClients builds every typed client from one config', () => {
  const clients = makeClients(loadKubeConfig({ kubeconfigPath: writeConfig() }));
  assert.ok(clients.coordination instanceof CoordinationV1Api);
  for (const k of [
    'core',
    'apps',
    'storage',
    'policy',
    'apiextensions',
    'customObjects',
    'objects',
  ] as const) {
    assert.ok(clients[k], k);
  }
});
