import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { attachmentName, CSI_DRIVER, uniqueVolumeName, volumeDir, volumeImage } from './paths.ts';

test('volume paths live under DIR/volumes', () => {
  assert.equal(volumeDir('/s', 'pvc-1'), '/s/volumes/pvc-1');
  assert.equal(volumeImage('/s', 'pvc-1'), '/s/volumes/pvc-1.img');
  assert.throws(() => volumeDir('/s', '../etc'));
  assert.throws(() => volumeDir('/s', ''));
});

test('unique volume names and attachment names follow the CSI plugin', () => {
  assert.equal(uniqueVolumeName('pvc-1'), 'kubernetes.io/csi/sandbox.csi.steward.dev^pvc-1');
  const want = createHash('sha256').update(`pvc-1${CSI_DRIVER}node-1`).digest('hex');
  assert.equal(attachmentName('pvc-1', CSI_DRIVER, 'node-1'), `csi-${want}`);
  assert.equal(attachmentName('pvc-1', CSI_DRIVER, 'node-1').length, 68);
});
