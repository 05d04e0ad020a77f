import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commonLabels, ownerReference } from './metadata.ts';
import { sampleCluster } from './sample-cluster.ts';
import {
  buildSecret,
  generatedSecretKinds,
  generatePassword,
  PASSWORD_LENGTH,
  secretName,
} from './secret.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const cluster = sampleCluster();

test('buildSecret: a basic-auth Secret for the superuser', () => {
  assert.deepEqual(buildSecret(cluster, 'superuser', 's3cret'), {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'pg-superuser',
      namespace: 'db',
      labels: commonLabels(cluster),
      ownerReferences: [ownerReference(cluster)],
    },
    type: 'kubernetes.io/basic-auth',
    data: { username: b64('postgres'), password: b64('s3cret') },
  });
});

test('usernames: streaming_replica for replication, the initdb owner for the app', () => {
  const c = sampleCluster({ bootstrap: { initdb: { owner: 'shop' } } });
  const user = (kind: 'replication' | 'app') => buildSecret(c, kind, 'p').data?.['username'];
  assert.equal(user('replication'), b64('streaming_replica'));
  assert.equal(user('app'), b64('shop'));
  assert.equal(buildSecret(c, 'replication', 'p').metadata?.name, 'pg-replication');
  assert.equal(buildSecret(c, 'app', 'p').metadata?.name, 'pg-app');
});

test('an app Secret named in the spec is the user’s: used by name, never generated', () => {
  const c = sampleCluster({ bootstrap: { initdb: { secret: { name: 'mine' } } } });
  assert.equal(secretName(c, 'app'), 'mine');
  assert.deepEqual(generatedSecretKinds(c), ['superuser', 'replication']);
  assert.deepEqual(generatedSecretKinds(cluster), ['superuser', 'replication', 'app']);
});

test('generatePassword: alphanumeric, full length, from the injected randomness', () => {
  let next = 0;
  const counting = (n: number) => Uint8Array.from({ length: n }, () => next++ % 256);
  const p = generatePassword(counting);
  assert.equal(p.length, PASSWORD_LENGTH);
  assert.match(p, /^[A-Za-z0-9]+$/);
  assert.equal(p.slice(0, 3), 'ABC');
  assert.equal(generatePassword(counting, 8).length, 8);
});

test('generatePassword rejects biased bytes (≥ 248) instead of wrapping them', () => {
  const calls: number[] = [];
  const random = (n: number) => {
    calls.push(n);
    return calls.length === 1 ? new Uint8Array(n).fill(250) : new Uint8Array(n).fill(61);
  };
  assert.equal(generatePassword(random, 4), '9999');
  assert.deepEqual(calls, [4, 4]);
});
