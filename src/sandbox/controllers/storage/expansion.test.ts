import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CSI_DRIVER } from '../../storage/paths.ts';
import { ANN_STORAGE_RESIZER, MSG_FS_RESIZE_PENDING } from './constants.ts';
import {
  nodeExpansionPending,
  nodeResizeFinishedStatus,
  nodeResizePendingStatus,
  planExpansion,
  resizeStartedStatus,
} from './expansion.ts';
import type { Claim } from './objects.ts';
import { claim, volume } from './test-fixtures.ts';

const NOW = '2024-01-01T00:00:00Z';

function boundClaim(request: string, capacity: string): Claim {
  const c = claim('data', { size: request, cls: 'standard', volumeName: 'pv1', phase: 'Bound' });
  c.status = { phase: 'Bound', capacity: { storage: capacity }, accessModes: ['ReadWriteOnce'] };
  return c;
}

test('expansion walks annotate → controller expand → node pending → finished', () => {
  const pv = volume('pv1', { size: '1Gi' });
  let c = boundClaim('2Gi', '1Gi');
  assert.deepEqual(planExpansion(c, pv, CSI_DRIVER), { kind: 'annotate' });
  c.metadata.annotations = { [ANN_STORAGE_RESIZER]: CSI_DRIVER };
  assert.deepEqual(planExpansion(c, pv, CSI_DRIVER), { kind: 'controller-expand', target: '2Gi' });

  c = { ...c, status: resizeStartedStatus(c, '2Gi', NOW) };
  assert.deepEqual(c.status?.allocatedResources, { storage: '2Gi' });
  assert.deepEqual(c.status?.allocatedResourceStatuses, { storage: 'ControllerResizeInProgress' });
  assert.deepEqual(
    c.status?.conditions?.map((x) => [x.type, x.status]),
    [['Resizing', 'True']],
  );
  assert.equal(
    planExpansion(c, pv, CSI_DRIVER).kind,
    'controller-expand',
    'an interrupted resize resumes',
  );

  c = { ...c, status: nodeResizePendingStatus(c, NOW) };
  assert.deepEqual(c.status?.allocatedResourceStatuses, { storage: 'NodeResizePending' });
  assert.deepEqual(
    c.status?.conditions?.map((x) => [x.type, x.message]),
    [['FileSystemResizePending', MSG_FS_RESIZE_PENDING]],
  );
  assert.equal(nodeExpansionPending(c), true);
  assert.deepEqual(planExpansion(c, pv, CSI_DRIVER), { kind: 'await-node' });

  c = { ...c, status: nodeResizeFinishedStatus(c) };
  assert.deepEqual(c.status, {
    phase: 'Bound',
    capacity: { storage: '2Gi' },
    accessModes: ['ReadWriteOnce'],
    allocatedResources: { storage: '2Gi' },
  });
  assert.deepEqual(planExpansion(c, pv, CSI_DRIVER), { kind: 'none' });
});

test('a further increase while the node step is pending expands again; unbound or foreign claims are ignored', () => {
  const pv = volume('pv1', { size: '2Gi' });
  const c = boundClaim('3Gi', '1Gi');
  c.status = {
    ...c.status,
    allocatedResources: { storage: '2Gi' },
    allocatedResourceStatuses: { storage: 'NodeResizePending' },
  };
  assert.deepEqual(planExpansion(c, pv, CSI_DRIVER), { kind: 'controller-expand', target: '3Gi' });
  assert.deepEqual(planExpansion({ ...c, status: { phase: 'Pending' } }, pv, CSI_DRIVER), {
    kind: 'none',
  });
  assert.deepEqual(planExpansion(c, volume('pv1', { csi: false }), CSI_DRIVER), { kind: 'none' });
  assert.deepEqual(planExpansion(boundClaim('1Gi', '1Gi'), pv, CSI_DRIVER), { kind: 'none' });
});
