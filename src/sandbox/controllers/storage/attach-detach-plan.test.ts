import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../apiserver/types.ts';
import { attachmentName, CSI_DRIVER, uniqueVolumeName } from '../../storage/paths.ts';
import { goDuration, multiAttachMessage, planAttachDetach } from './attach-detach-plan.ts';
import type { AdAttachment, AdNode, AdSnapshot } from './attach-detach-state.ts';
import { newAdState, podTerminated } from './attach-detach-state.ts';
import type { Claim, Volume } from './objects.ts';
import { claim, pod, volume } from './test-fixtures.ts';

const MAX_WAIT = 360_000;
const T0 = 1_000_000;

function node(name: string, opts: Partial<AdNode> = {}): AdNode {
  return { name, ready: true, outOfService: false, volumesInUse: [], volumesAttached: [], ...opts };
}

function world(
  pods: KubeObject[],
  attachments: AdAttachment[],
  nodes: AdNode[],
  pvModes = ['ReadWriteOnce'],
): AdSnapshot {
  const c = claim('data', { volumeName: 'pv1', phase: 'Bound' });
  const pv = volume('pv1', { ref: c, modes: pvModes });
  return {
    pods,
    claims: new Map<string, Claim>([['default/data', c]]),
    volumes: new Map<string, Volume>([['pv1', pv]]),
    nodes: new Map(nodes.map((n) => [n.name, n])),
    attachments,
  };
}

const va = (nodeName: string, extra: Partial<AdAttachment> = {}): AdAttachment => ({
  name: attachmentName('pv1', CSI_DRIVER, nodeName),
  pv: 'pv1',
  node: nodeName,
  attached: true,
  deleting: false,
  ...extra,
});
const IN_USE = [uniqueVolumeName('pv1')];
const opts = (now: number) => ({ driver: CSI_DRIVER, maxWaitForUnmountMs: MAX_WAIT, now });
const types = (p: { actions: { type: string }[] }): string[] => p.actions.map((a) => a.type);

test('a scheduled pod gets its volume attached, then one SuccessfulAttachVolume event and node status', () => {
  const state = newAdState();
  const snap = world([pod('db-0', 'node-1', ['data'])], [], [node('node-1')]);
  assert.deepEqual(planAttachDetach(snap, state, opts(T0)).actions, [
    {
      type: 'attach',
      name: attachmentName('pv1', CSI_DRIVER, 'node-1'),
      pv: 'pv1',
      node: 'node-1',
    },
  ]);
  const attached = world([pod('db-0', 'node-1', ['data'])], [va('node-1')], [node('node-1')]);
  const plan = planAttachDetach(attached, state, opts(T0));
  assert.deepEqual(types(plan), ['node-volumes', 'event']);
  assert.deepEqual(plan.actions[0], {
    type: 'node-volumes',
    node: 'node-1',
    volumesAttached: [{ name: IN_USE[0], devicePath: '' }],
  });
  assert.match(
    JSON.stringify(plan.actions[1]),
    /AttachVolume.Attach succeeded for volume \\"pv1\\"/,
  );
  const again = world(
    [pod('db-0', 'node-1', ['data'])],
    [va('node-1')],
    [node('node-1', { volumesAttached: IN_USE })],
  );
  assert.deepEqual(planAttachDetach(again, state, opts(T0)).actions, []);
});

test('RWO: a second node is refused with one Multi-Attach event per pod', () => {
  const state = newAdState();
  const pods = [pod('old', 'node-1', ['data'], { deleting: true }), pod('new', 'node-2', ['data'])];
  const snap = world(
    pods,
    [va('node-1')],
    [node('node-1', { volumesAttached: IN_USE, volumesInUse: IN_USE }), node('node-2')],
  );
  const plan = planAttachDetach(snap, state, opts(T0));
  assert.deepEqual(
    types(plan),
    ['event', 'event'],
    'attached for the old pod, refused for the new one',
  );
  const ev = plan.actions.find((a) => a.type === 'event' && a.reason === 'FailedAttachVolume') as {
    reason: string;
    message: string;
    eventType: string;
  };
  assert.equal(ev.reason, 'FailedAttachVolume');
  assert.equal(ev.eventType, 'Warning');
  assert.equal(
    ev.message,
    'Multi-Attach error for volume "pv1" Volume is already used by pod(s) old',
  );
  assert.deepEqual(planAttachDetach(snap, state, opts(T0 + 1000)).actions, [], 'reported once');
  const rwx = planAttachDetach(
    world(pods, [va('node-1')], [node('node-1'), node('node-2')], ['ReadWriteMany']),
    newAdState(),
    opts(T0),
  );
  assert.ok(types(rwx).includes('attach'), 'RWX volumes attach to several nodes');
});

test('Multi-Attach message variants', () => {
  const p = pod('a', 'n', [], { ns: 'x' });
  const exclusive =
    "Volume is already exclusively attached to one node and can't be attached to another";
  assert.equal(multiAttachMessage('pv', p, []), `Multi-Attach error for volume "pv" ${exclusive}`);
  assert.equal(
    multiAttachMessage('pv', p, [pod('b', 'm', [], { ns: 'y' })]),
    'Multi-Attach error for volume "pv" Volume is already used by 1 pod(s) in different namespaces',
  );
  assert.equal(
    multiAttachMessage('pv', p, [pod('b', 'm', [], { ns: 'x' }), pod('c', 'm', [], { ns: 'y' })]),
    'Multi-Attach error for volume "pv" Volume is already used by pod(s) b and 1 pod(s) in different namespaces',
  );
});

test('detach waits for the kubelet to unmount on a Ready node', () => {
  const state = newAdState();
  const mounted = world(
    [],
    [va('node-1')],
    [node('node-1', { volumesInUse: IN_USE, volumesAttached: IN_USE })],
  );
  const waiting = planAttachDetach(mounted, state, opts(T0));
  assert.deepEqual(waiting.actions, []);
  assert.equal(waiting.requeueAfterMs, undefined, 'a Ready node is never force-detached');
  assert.deepEqual(planAttachDetach(mounted, state, opts(T0 + 10 * MAX_WAIT)).actions, []);
  const unmounted = world([], [va('node-1')], [node('node-1', { volumesAttached: IN_USE })]);
  assert.deepEqual(types(planAttachDetach(unmounted, state, opts(T0 + 10 * MAX_WAIT))), [
    'node-volumes',
    'detach',
  ]);
});

test('a not-Ready node is force-detached only after maxWaitForUnmountDuration (6m0s)', () => {
  const state = newAdState();
  const dead = world(
    [],
    [va('node-1')],
    [node('node-1', { ready: false, volumesInUse: IN_USE, volumesAttached: IN_USE })],
  );
  const first = planAttachDetach(dead, state, opts(T0));
  assert.deepEqual(first.actions, []);
  assert.equal(first.requeueAfterMs, MAX_WAIT + 1);
  assert.deepEqual(
    planAttachDetach(dead, state, opts(T0 + MAX_WAIT)).actions,
    [],
    'not yet: exactly 6 minutes',
  );
  const plan = planAttachDetach(dead, state, opts(T0 + MAX_WAIT + 1));
  assert.deepEqual(types(plan), ['node-volumes', 'detach']);
  const detach = plan.actions[1] as { log: string };
  assert.match(
    detach.log,
    /this volume is not safe to detach, but maxWaitForUnmountDuration 6m0s expired, force detaching$/,
  );
});

test('a pod stuck Terminating with running containers keeps its volume; force deletion starts the clock', () => {
  const state = newAdState();
  const stuck = pod('db-0', 'node-1', ['data'], { deleting: true });
  assert.equal(podTerminated(stuck), false);
  assert.equal(
    podTerminated(pod('db-0', 'node-1', ['data'], { deleting: true, running: false })),
    true,
  );
  const n1 = node('node-1', { ready: false, volumesInUse: IN_USE, volumesAttached: IN_USE });
  const stuckPlan = planAttachDetach(
    world([stuck], [va('node-1')], [n1]),
    state,
    opts(T0 + 10 * MAX_WAIT),
  );
  assert.deepEqual(types(stuckPlan), ['event'], 'only the attach event, no detach');
  assert.equal(
    planAttachDetach(world([], [va('node-1')], [n1]), state, opts(T0 + 11 * MAX_WAIT))
      .requeueAfterMs,
    MAX_WAIT + 1,
  );
});

test('the out-of-service taint detaches at once', () => {
  const n1 = node('node-1', {
    ready: false,
    outOfService: true,
    volumesInUse: IN_USE,
    volumesAttached: IN_USE,
  });
  const plan = planAttachDetach(
    world([pod('new', 'node-2', ['data'])], [va('node-1')], [n1, node('node-2')]),
    newAdState(),
    opts(T0),
  );
  assert.deepEqual(types(plan), ['node-volumes', 'detach']);
  assert.match((plan.actions[1] as { log: string }).log, /out-of-service taint, force detaching/);
});

test('goDuration formats like Go', () => {
  assert.equal(goDuration(360_000), '6m0s');
  assert.equal(goDuration(10_000), '10s');
  assert.equal(goDuration(1_500), '1.5s');
  assert.equal(goDuration(3_600_000), '1h0m0s');
});
