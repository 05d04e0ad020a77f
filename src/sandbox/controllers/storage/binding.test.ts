import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSI_DRIVER } from '../../storage/paths.ts';
import { findBestVolume, planClaimSync, planVolumeSync, volumeMatchesClaim } from './binding.ts';
import { ANN_SELECTED_NODE } from './constants.ts';
import { claim, storageClass, volume } from './test-fixtures.ts';

test('a static volume matches on class, size, access modes and selector', () => {
  const c = claim('data', { size: '2Gi', cls: '' });
  assert.equal(volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: '' }), c), true);
  assert.equal(volumeMatchesClaim(volume('pv1', { size: '1Gi', cls: '' }), c), false, 'too small');
  assert.equal(
    volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: 'fast' }), c),
    false,
    'other class',
  );
  assert.equal(
    volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: '', modes: ['ReadOnlyMany'] }), c),
    false,
    'modes',
  );
  assert.equal(
    volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: '', ref: claim('other') }), c),
    false,
    'taken',
  );
  assert.equal(
    volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: '', phase: 'Released' }), c),
    false,
    'released',
  );
  const sel = { ...c, spec: { ...c.spec, selector: { matchLabels: { tier: 'db' } } } };
  assert.equal(volumeMatchesClaim(volume('pv1', { size: '2Gi', cls: '' }), sel), false, 'selector');
});

test('the best volume is the pre-bound one, else the smallest that fits', () => {
  const c = claim('data', { size: '1Gi', cls: '' });
  const small = volume('small', { size: '1Gi', cls: '' });
  const big = volume('big', { size: '5Gi', cls: '' });
  assert.equal(findBestVolume([big, small], c)?.metadata.name, 'small');
  const pre = volume('pre', { size: '5Gi', cls: '', ref: c });
  assert.equal(findBestVolume([small, pre], c)?.metadata.name, 'pre');
});

test('claim sync: WaitForFirstConsumer waits for the selected node, Immediate provisions', () => {
  const wffc = storageClass('standard', { mode: 'WaitForFirstConsumer' });
  const c = claim('data', { cls: 'standard' });
  assert.equal(planClaimSync(c, [], wffc, CSI_DRIVER).kind, 'wait-first-consumer');
  c.metadata.annotations = { [ANN_SELECTED_NODE]: 'node-1' };
  assert.equal(planClaimSync(c, [], wffc, CSI_DRIVER).kind, 'provision');
  assert.equal(
    planClaimSync(claim('x', { cls: 'fast' }), [], storageClass('fast'), CSI_DRIVER).kind,
    'provision',
  );
  assert.deepEqual(
    planClaimSync(
      claim('x', { cls: 'nfs' }),
      [],
      storageClass('nfs', { provisioner: 'nfs.example' }),
      CSI_DRIVER,
    ),
    { kind: 'external', provisioner: 'nfs.example' },
  );
  assert.equal(planClaimSync(claim('x', { cls: '' }), [], undefined, CSI_DRIVER).kind, 'no-class');
  assert.deepEqual(planClaimSync(claim('x', { cls: 'gone' }), [], undefined, CSI_DRIVER), {
    kind: 'class-missing',
    name: 'gone',
  });
});

test('claim sync binds a provisioned (pre-bound) volume and detects a lost one', () => {
  const c = claim('data', { cls: 'standard' });
  const pv = volume('pvc-uid-data', { cls: 'standard', ref: c });
  const action = planClaimSync(
    c,
    [pv],
    storageClass('standard', { mode: 'WaitForFirstConsumer' }),
    CSI_DRIVER,
  );
  assert.equal(action.kind, 'bind');
  const bound = claim('data', { cls: 'standard', volumeName: 'pvc-x', phase: 'Bound' });
  assert.equal(planClaimSync(bound, [], undefined, CSI_DRIVER).kind, 'lost');
});

test('volume sync: phases, release and reclaim', () => {
  const c = claim('data', { volumeName: 'pv1' });
  assert.deepEqual(planVolumeSync(volume('pv1', { phase: 'Pending' }), undefined, false), {
    kind: 'phase',
    phase: 'Available',
  });
  assert.deepEqual(planVolumeSync(volume('pv1', { ref: c }), c, false), {
    kind: 'phase',
    phase: 'Bound',
  });
  assert.deepEqual(planVolumeSync(volume('pv1', { ref: c, phase: 'Bound' }), undefined, false), {
    kind: 'phase',
    phase: 'Released',
  });
  assert.deepEqual(planVolumeSync(volume('pv1', { ref: c, phase: 'Released' }), undefined, false), {
    kind: 'reclaim-delete',
  });
  const retain = volume('pv1', { ref: c, phase: 'Released' });
  retain.spec.persistentVolumeReclaimPolicy = 'Retain';
  assert.deepEqual(planVolumeSync(retain, undefined, false), { kind: 'none' });
  const elsewhere = claim('data', { volumeName: 'pv2' });
  assert.deepEqual(planVolumeSync(volume('pv1', { ref: c }), elsewhere, true), { kind: 'unbind' });
});
