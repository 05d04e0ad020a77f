import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pickIp, PodIps } from './pod-ips.ts';

test('pickIp takes the first free address from .2', () => {
  assert.equal(pickIp('127.1.3', {}), '127.1.3.2');
  assert.equal(pickIp('127.1.3', { a: '127.1.3.2', b: '127.1.3.4' }), '127.1.3.3');
});

test('PodIps persists allocations and releases them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ips-'));
  try {
    const path = join(dir, 'pod-ips.json');
    const ips = new PodIps(path, '127.1.1');
    assert.equal(ips.allocate('u1'), '127.1.1.2');
    assert.equal(ips.allocate('u2'), '127.1.1.3');
    assert.equal(ips.allocate('u1'), '127.1.1.2');
    ips.release('u1');
    const again = new PodIps(path, '127.1.1');
    assert.deepEqual(again.uids(), ['u2']);
    assert.equal(again.allocate('u3'), '127.1.1.2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
