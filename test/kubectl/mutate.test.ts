// kubectl patch (strategic, merge, json, status subresource), label, annotate and scale.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { installWidgets, namespace, openKube, statefulSet, widget, type Kube } from './fixtures.ts';

describe('kubectl patch, label, annotate, scale', () => {
  let k: Kube;
  const ns = ['-n', 'm1'];
  before(async () => {
    k = await openKube();
    await installWidgets(k);
    await k.apply(
      [
        namespace('m1'),
        statefulSet('m1'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: m1}\ndata: {a: "1"}\n',
        widget('w1', 'm1'),
      ].join('---\n'),
    );
  });
  after(() => k.t.stop());

  const image = (): Promise<string> =>
    k.ok(['get', 'sts', 'web', ...ns, '-o', 'jsonpath={.spec.template.spec.containers[0].image}']);

  it('patches a StatefulSet template image (strategic by default), with no-op detection', async () => {
    const p =
      '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}';
    assert.equal(
      await k.ok(['patch', 'sts', 'web', ...ns, '-p', p]),
      'statefulset.apps/web patched\n',
    );
    assert.equal(await image(), 'nginx:1.27');
    assert.equal(
      await k.ok(['patch', 'sts', 'web', ...ns, '-p', p]),
      'statefulset.apps/web patched (no change)\n',
    );
    const ports = await k.ok([
      'get',
      'sts',
      'web',
      ...ns,
      '-o',
      'jsonpath={.spec.template.spec.containers[0].ports[0].containerPort}',
    ]);
    assert.equal(ports, '80', 'a strategic patch merges the container by name');
    assert.equal(
      await k.ok(['get', 'sts', 'web', ...ns, '-o', 'jsonpath={.metadata.generation}']),
      '2',
    );
  });

  it('patches with --type json and --type merge', async () => {
    const jp =
      '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.28"}]';
    assert.equal(
      await k.ok(['patch', 'sts', 'web', ...ns, '--type', 'json', '-p', jp]),
      'statefulset.apps/web patched\n',
    );
    assert.equal(await image(), 'nginx:1.28');
    const bad = await k.run([
      'patch',
      'sts',
      'web',
      ...ns,
      '--type',
      'json',
      '-p',
      '[{"op":"test","path":"/spec/replicas","value":9}]',
    ]);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr,
      'The request is invalid: the server rejected our request due to an error in our request\n',
    );
    assert.equal(
      await k.ok([
        'patch',
        'cm',
        'cfg',
        ...ns,
        '--type',
        'merge',
        '-p',
        '{"data":{"b":"2","a":null}}',
      ]),
      'configmap/cfg patched\n',
    );
    assert.equal(await k.ok(['get', 'cm', 'cfg', ...ns, '-o', 'jsonpath={.data}']), '{"b":"2"}');
    assert.equal(
      await k.ok(['patch', 'wd', 'w1', ...ns, '--type', 'merge', '-p', '{"spec":{"size":"huge"}}']),
      'widget.example.com/w1 patched\n',
    );
    const smp = await k.run(['patch', 'wd', 'w1', ...ns, '-p', '{"spec":{"size":"tiny"}}']);
    assert.equal(smp.code, 1);
    assert.equal(
      smp.stderr,
      'error: application/strategic-merge-patch+json is not supported by example.com/v1, Kind=Widget: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n',
    );
  });

  it('labels and annotates: add, refuse without --overwrite, overwrite, remove', async () => {
    const cm = ['cm', 'cfg', ...ns];
    assert.equal(await k.ok(['label', ...cm, 'tier=db']), 'configmap/cfg labeled\n');
    const refused = await k.run(['label', ...cm, 'tier=cache']);
    assert.equal(refused.code, 1);
    assert.equal(
      refused.stderr,
      "error: 'tier' already has a value (db), and --overwrite is false\n",
    );
    assert.equal(
      await k.ok(['label', ...cm, 'tier=cache', '--overwrite']),
      'configmap/cfg labeled\n',
    );
    assert.equal(await k.ok(['get', ...cm, '-o', 'jsonpath={.metadata.labels.tier}']), 'cache');
    assert.equal(await k.ok(['label', ...cm, 'tier-']), 'configmap/cfg unlabeled\n');
    assert.equal(await k.ok(['get', ...cm, '-o', 'jsonpath={.metadata.labels}']), '');
    assert.equal(await k.ok(['annotate', ...cm, 'note=hi']), 'configmap/cfg annotated\n');
    assert.equal(
      await k.ok(['annotate', ...cm, 'note=ho', '--overwrite']),
      'configmap/cfg annotated\n',
    );
    assert.equal(await k.ok(['get', ...cm, '-o', 'jsonpath={.metadata.annotations.note}']), 'ho');
    assert.equal(await k.ok(['annotate', ...cm, 'note-']), 'configmap/cfg annotated\n');
    assert.equal(await k.ok(['get', ...cm, '-o', 'jsonpath={.metadata.annotations.note}']), '');
    assert.equal(
      await k.ok(['label', 'wd', 'w1', ...ns, 'team=a']),
      'widget.example.com/w1 labeled\n',
    );
  });

  it('scales a StatefulSet (with --current-replicas) and a custom resource', async () => {
    assert.equal(
      await k.ok(['scale', 'sts', 'web', ...ns, '--replicas=3']),
      'statefulset.apps/web scaled\n',
    );
    assert.equal(await k.ok(['get', 'sts', 'web', ...ns, '-o', 'jsonpath={.spec.replicas}']), '3');
    const mismatch = await k.run([
      'scale',
      'sts',
      'web',
      ...ns,
      '--replicas=4',
      '--current-replicas=2',
    ]);
    assert.equal(mismatch.code, 1);
    assert.equal(mismatch.stderr, 'error: Expected replicas to be 2, was 3\n');
    assert.equal(
      await k.ok(['scale', 'sts', 'web', ...ns, '--replicas=1', '--current-replicas=3']),
      'statefulset.apps/web scaled\n',
    );
    assert.equal(
      await k.ok(['scale', 'wd', 'w1', ...ns, '--replicas=5']),
      'widget.example.com/w1 scaled\n',
    );
    assert.equal(await k.ok(['get', 'wd', 'w1', ...ns, '-o', 'jsonpath={.spec.replicas}']), '5');
  });

  it('patches the status subresource without touching spec', async () => {
    const p = '{"status":{"replicas":2},"spec":{"size":"ignored"}}';
    assert.equal(
      await k.ok(['patch', 'wd', 'w1', ...ns, '--subresource=status', '--type', 'merge', '-p', p]),
      'widget.example.com/w1 patched\n',
    );
    assert.equal(
      await k.ok(['get', 'wd', 'w1', ...ns, '-o', 'jsonpath={.status.replicas}/{.spec.size}']),
      '2/huge',
    );
  });
});
