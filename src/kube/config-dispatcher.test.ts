// The typed clients reuse one connection pool per KubeConfig (see shareDispatcher).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KubeConfig } from '@kubernetes/client-node';
import { shareDispatcher } from './config.ts';

const YAML = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "${Buffer.from('not a real CA').toString('base64')}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;

test('requests of a KubeConfig share a dispatcher, renewed after maxAgeMs', async () => {
  const kc = new KubeConfig();
  kc.loadFromString(YAML);
  const dispatchers = async () => {
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const ctx = { setHeaderParam: () => undefined, setDispatcher: (d: unknown) => seen.push(d) };
      await kc.applySecurityAuthentication(ctx as never);
    }
    return seen;
  };
  const before = await dispatchers();
  assert.equal(before.length, 3);
  assert.notEqual(before[0], before[1], 'the library builds a new one each time');
  let now = 1_000;
  shareDispatcher(kc, 2_000, () => now);
  const after = await dispatchers();
  assert.ok(after[0] !== undefined);
  assert.equal(after[0], after[1]);
  assert.equal(after[1], after[2]);
  now += 2_000;
  const renewed = await dispatchers();
  assert.notEqual(renewed[0], after[0], 'a new pool once the old one is maxAgeMs old');
  assert.equal(renewed[0], renewed[2]);
});
