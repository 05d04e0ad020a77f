import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomic } from './atomic-writer.ts';
import { needsRefresh } from './tokens.ts';
import { planResizeFinish } from './volume-resize.ts';
import { attachmentName, containerMounts, inUseName } from './volumes.ts';

test('attachment names follow the CSI attacher (sha256 of handle + driver + node)', () => {
  assert.equal(
    attachmentName('pv-1', 'sandbox.csi.steward.dev', 'node-1'),
    'csi-c179642883aa12bdeecb2d3f3b2e7d91d7d35c6ac178bee8c0d144a479441561',
  );
  assert.match(attachmentName('pv-1', 'd', 'n'), /^csi-[0-9a-f]{64}$/);
  assert.notEqual(attachmentName('pv-1', 'd', 'n1'), attachmentName('pv-1', 'd', 'n2'));
  assert.equal(inUseName('d', 'h'), 'kubernetes.io/csi/d^h');
});

test('containerMounts: volume mounts with subPath and read-only, plus /etc/hosts', () => {
  const mounts = containerMounts(
    {
      name: 'c',
      volumeMounts: [
        { name: 'a', mountPath: '/a', subPath: 'sub' },
        { name: 'b', mountPath: '/b', readOnly: true },
      ],
    },
    { a: '/va', b: '/vb' },
    '/hosts',
  );
  assert.deepEqual(mounts, [
    { source: '/va/sub', target: '/a', readOnly: false, file: false },
    { source: '/vb', target: '/b', readOnly: true, file: false },
    { source: '/hosts', target: '/etc/hosts', readOnly: false, file: true },
  ]);
});

test('writeAtomic: ..data symlink, top-level links, swap on change, no-op when equal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aw-'));
  try {
    assert.equal(
      writeAtomic(dir, { 'a.txt': { data: '1' }, 'sub/b.txt': { data: '2' } }, '1'),
      true,
    );
    assert.equal(readlinkSync(join(dir, '..data')), '..1');
    assert.ok(lstatSync(join(dir, 'a.txt')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'sub/b.txt'), 'utf8'), '2');
    assert.equal(
      writeAtomic(dir, { 'a.txt': { data: '1' }, 'sub/b.txt': { data: '2' } }, '2'),
      false,
    );
    assert.equal(writeAtomic(dir, { 'a.txt': { data: 'x' } }, '3'), true);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'x');
    assert.equal(existsSync(join(dir, 'sub')), false);
    assert.equal(existsSync(join(dir, '..1')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tokens are refreshed after 80 % of their lifetime', () => {
  const c = { token: 't', issuedAt: 0, expiresAt: 1000 };
  assert.equal(needsRefresh(undefined, 0), true);
  assert.equal(needsRefresh(c, 799), false);
  assert.equal(needsRefresh(c, 800), true);
});

test('planResizeFinish records the new capacity and clears the pending condition', () => {
  const pvc = {
    status: {
      capacity: { storage: '1Gi' },
      allocatedResources: { storage: '2Gi' },
      conditions: [{ type: 'FileSystemResizePending' }, { type: 'Other' }],
    },
  };
  assert.deepEqual(planResizeFinish(pvc, '2Gi'), {
    status: {
      capacity: { storage: '2Gi' },
      conditions: [{ type: 'Other' }],
      allocatedResourceStatuses: null,
    },
  });
  assert.equal(planResizeFinish({ status: { conditions: [] } }, '2Gi'), undefined);
});
