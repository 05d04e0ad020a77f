// kubectl delete (plain, graceful, forced, orphan and foreground cascades) and kubectl wait.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { installWidgets, namespace, openKube, pod, until, widget, type Kube } from './fixtures.ts';

const cm = (name: string, ns: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}}\n`;

describe('kubectl delete and wait', () => {
  let k: Kube;
  before(async () => {
    k = await openKube();
    await installWidgets(k);
    await k.apply([namespace('x1'), namespace('x2')].join('---\n'));
  });
  after(() => k.t.stop());

  /** Starts `kubectl ARGS` in the background; resolves with its exit code and output. */
  const background = (args: string[]): Promise<{ code: number; out: string }> =>
    new Promise((resolve) => {
      const child = spawn('kubectl', ['--kubeconfig', k.t.kubeconfig, ...args]);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, out }));
    });

  /** Creates an owner ConfigMap and a dependent that points at it. */
  const ownerAndDependent = async (owner: string): Promise<void> => {
    await k.apply(cm(owner, 'x1'));
    const uid = await k.ok(['get', 'cm', owner, '-n', 'x1', '-o', 'jsonpath={.metadata.uid}']);
    await k.apply(`apiVersion: v1
kind: ConfigMap
metadata:
  name: dep-${owner}
  namespace: x1
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: ${owner}, uid: ${uid}, blockOwnerDeletion: true}
`);
  };
  const exists = async (kind: string, name: string): Promise<boolean> =>
    (await k.run(['get', kind, name, '-n', 'x1'])).code === 0;

  it('deletes plainly and reports a missing object', async () => {
    await k.apply(cm('plain', 'x1'));
    assert.equal(await k.ok(['delete', 'cm', 'plain', '-n', 'x1']), 'configmap "plain" deleted\n');
    const again = await k.run(['delete', 'cm', 'plain', '-n', 'x1']);
    assert.equal(again.code, 1);
    assert.equal(again.stderr, 'Error from server (NotFound): configmaps "plain" not found\n');
  });

  it('deletes a scheduled pod gracefully, then forcibly', async () => {
    await k.apply(pod('p1', 'x1'));
    assert.equal(
      await k.ok(['delete', 'pod', 'p1', '-n', 'x1', '--wait=false']),
      'pod "p1" deleted\n',
    );
    const row = await k.ok(['get', 'pod', 'p1', '-n', 'x1', '--no-headers']);
    assert.match(row, /^p1 +0\/1 +Terminating +0 +\d+s\n$/);
    assert.equal(
      await k.ok([
        'get',
        'pod',
        'p1',
        '-n',
        'x1',
        '-o',
        'jsonpath={.metadata.deletionGracePeriodSeconds}',
      ]),
      '30',
    );
    const forced = await k.run(['delete', 'pod', 'p1', '-n', 'x1', '--force', '--grace-period=0']);
    assert.equal(forced.code, 0);
    assert.equal(forced.stdout, 'pod "p1" force deleted\n');
    assert.equal(
      forced.stderr,
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    assert.equal(await exists('pod', 'p1'), false);
  });

  it('orphans dependents with --cascade=orphan', async () => {
    await ownerAndDependent('own1');
    assert.equal(
      await k.ok(['delete', 'cm', 'own1', '-n', 'x1', '--cascade=orphan']),
      'configmap "own1" deleted\n',
    );
    await until(async () => {
      const refs = await k.ok([
        'get',
        'cm',
        'dep-own1',
        '-n',
        'x1',
        '-o',
        'jsonpath={.metadata.ownerReferences}',
      ]);
      return refs === '';
    });
    assert.equal(await exists('cm', 'own1'), false);
  });

  it('deletes dependents first with --cascade=foreground, and in the background by default', async () => {
    await ownerAndDependent('own2');
    assert.equal(
      await k.ok(['delete', 'cm', 'own2', '-n', 'x1', '--cascade=foreground']),
      'configmap "own2" deleted\n',
    );
    await until(async () => !(await exists('cm', 'own2')) && !(await exists('cm', 'dep-own2')));
    await ownerAndDependent('own3');
    await k.ok(['delete', 'cm', 'own3', '-n', 'x1']);
    await until(async () => !(await exists('cm', 'dep-own3')));
  });

  it('waits for a condition set through the status subresource', async () => {
    await k.apply(widget('w1', 'x2'));
    const waiting = background([
      'wait',
      '--for=condition=Ready',
      'wd/w1',
      '-n',
      'x2',
      '--timeout=15s',
    ]);
    await new Promise((r) => setTimeout(r, 300));
    const status =
      '{"status":{"conditions":[{"type":"Ready","status":"True","reason":"Up","message":"ok","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}';
    assert.equal(
      await k.ok([
        'patch',
        'wd',
        'w1',
        '-n',
        'x2',
        '--subresource=status',
        '--type',
        'merge',
        '-p',
        status,
      ]),
      'widget.example.com/w1 patched\n',
    );
    assert.deepEqual(await waiting, { code: 0, out: 'widget.example.com/w1 condition met\n' });
    const notFalse = await k.run([
      'wait',
      '--for=condition=Ready=false',
      'wd/w1',
      '-n',
      'x2',
      '--timeout=1s',
    ]);
    assert.equal(notFalse.code, 1);
    assert.equal(notFalse.stderr, 'error: timed out waiting for the condition on widgets/w1\n');
  });

  it('waits for deletion', async () => {
    await k.apply(widget('w2', 'x2'));
    const waiting = background(['wait', '--for=delete', 'wd/w2', '-n', 'x2', '--timeout=15s']);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(
      await k.ok(['delete', 'wd', 'w2', '-n', 'x2', '--wait=false']),
      'widget.example.com "w2" deleted\n',
    );
    assert.deepEqual(await waiting, { code: 0, out: 'widget.example.com/w2 condition met\n' });
  });
});
