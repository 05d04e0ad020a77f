import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPSTREAM_TIMINGS } from '../config.ts';
import { loadNetwork, loadTimings, nodeSpec, parseArgs } from './args.ts';

test('parseArgs reads flags in both forms', () => {
  const a = parseArgs(['--dir', '/d', '--node=node-2', '--api-url', 'https://x:1', '--port', '0']);
  assert.deepEqual(a, {
    dir: '/d',
    node: 'node-2',
    apiUrl: 'https://x:1',
    port: 0,
    noMountNamespace: false,
  });
  assert.throws(() => parseArgs(['--dir', '/d']), /usage/);
});

test('timings: flag, then DIR/timings.json, over upstream defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kl-args-'));
  try {
    assert.deepEqual(loadTimings(dir, undefined), UPSTREAM_TIMINGS);
    writeFileSync(join(dir, 'timings.json'), JSON.stringify({ nodeLeaseRenewMs: 5 }));
    assert.equal(loadTimings(dir, undefined).nodeLeaseRenewMs, 5);
    assert.equal(loadTimings(dir, '{"nodeLeaseRenewMs":7}').nodeLeaseRenewMs, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('nodeSpec derives index and zone from the name, the network from DIR/network.json', () => {
  const n3 = nodeSpec('node-3', undefined, 7);
  assert.deepEqual([n3.index, n3.zone, n3.network], [3, 'zone-c', 7]);
  assert.throws(() => nodeSpec('worker', undefined, 1), /node-json/);
  const dir = mkdtempSync(join(tmpdir(), 'kl-net-'));
  try {
    assert.equal(loadNetwork(dir), 1);
    writeFileSync(join(dir, 'network.json'), '{"network":9}');
    assert.equal(loadNetwork(dir), 9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
