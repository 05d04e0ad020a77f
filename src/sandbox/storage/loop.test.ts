import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  cleanupVolumes,
  createLoopVolume,
  deleteLoopVolume,
  growLoopDevice,
  growLoopFilesystem,
  loopDevicesOf,
} from './loop.ts';
import { volumeDir, volumeImage } from './paths.ts';
import { hostOps, mountPointsUnder } from './runner.ts';

const host = hostOps();
const canLoop = ((): boolean => {
  if (!host.isRoot()) return false;
  try {
    execFileSync('losetup', ['-f'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('mountPointsUnder lists mounts below a root, deepest first', () => {
  const table = [
    '/dev/loop1 /s/volumes/a ext4 rw 0 0',
    'tmpfs /s/volumes/a/x tmpfs rw 0 0',
    'x /s/volumesX y rw 0 0',
    'x /other ext4 rw 0 0',
  ].join('\n');
  assert.deepEqual(mountPointsUnder(table, '/s/volumes'), ['/s/volumes/a/x', '/s/volumes/a']);
});

const freeBytes = (dir: string): number => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

test(
  'a loop volume is a real, growable filesystem and cleanup leaves no device',
  { skip: !canLoop && 'needs root and loop devices' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-loop-'));
    try {
      await createLoopVolume(host, dir, 'pvc-a', 16n << 20n);
      const mnt = volumeDir(dir, 'pvc-a');
      assert.ok(mountPointsUnder(host.mounts(), mnt).includes(mnt));
      const before = freeBytes(mnt);
      assert.ok(before < 16 << 20);
      assert.throws(() => writeFileSync(join(mnt, 'big'), Buffer.alloc(20 << 20)), /ENOSPC/);
      rmSync(join(mnt, 'big'), { force: true });
      await growLoopDevice(host, dir, 'pvc-a', 32n << 20n);
      // Online growth may be refused by the kernel; then only an explicit offline resize grows it.
      const online = await growLoopFilesystem(host, dir, 'pvc-a', { allowOffline: false }).catch(
        () => undefined,
      );
      const grown =
        online ?? (await growLoopFilesystem(host, dir, 'pvc-a', { allowOffline: true }));
      assert.ok(freeBytes(mnt) > 24 << 20, `grown ${JSON.stringify(grown)}`);
      assert.equal(await cleanupVolumes(dir, host), 2);
      assert.deepEqual(await loopDevicesOf(host, volumeImage(dir, 'pvc-a')), []);
      assert.deepEqual(mountPointsUnder(host.mounts(), dir), []);
      await deleteLoopVolume(host, dir, 'pvc-a');
    } finally {
      await cleanupVolumes(dir, host);
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
