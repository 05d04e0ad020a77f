// kubectl apply (client-side and --server-side) of a CRD, its custom resources and built-ins,
// and strict field validation, with the exact lines a 1.32 cluster prints.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  WIDGET_CRD,
  installWidgets,
  namespace,
  openKube,
  statefulSet,
  widget,
  type Kube,
} from './fixtures.ts';

const builtins = (ns: string, value = 'one'): string =>
  [
    namespace(ns),
    `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: ${ns}, labels: {app: web}}
data: {key: ${value}}
`,
    `apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: ${ns}}
data: {password: aHVudGVyMg==}
`,
    `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: pg, port: 5432}]
`,
    statefulSet(ns),
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: ${ns}}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: "nginx:1.25"}]}
`,
    `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: scratch, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}
`,
  ].join('---\n');

describe('kubectl apply', () => {
  let k: Kube;
  before(async () => {
    k = await openKube();
  });
  after(() => k.t.stop());

  it('applies a CRD, waits for it, and applies a custom resource of it', async () => {
    assert.equal(
      await k.apply(WIDGET_CRD),
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n',
    );
    assert.equal(
      await k.ok(['wait', '--for=condition=established', 'crd/widgets.example.com']),
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com condition met\n',
    );
    assert.equal(
      await k.apply(WIDGET_CRD),
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com unchanged\n',
    );
    assert.equal(await k.apply(widget('w1', 'default')), 'widget.example.com/w1 created\n');
    assert.equal(await k.apply(widget('w1', 'default')), 'widget.example.com/w1 unchanged\n');
    assert.equal(
      await k.apply(widget('w1', 'default', 'small')),
      'widget.example.com/w1 configured\n',
    );
    assert.equal(await k.ok(['get', 'wd', 'w1', '-o', 'jsonpath={.spec.size}']), 'small');
  });

  it('applies built-ins: created, then unchanged, then configured', async () => {
    assert.equal(
      await k.apply(builtins('csa')),
      [
        'namespace/csa created',
        'configmap/cfg created',
        'secret/creds created',
        'service/web created',
        'statefulset.apps/web created',
        'deployment.apps/api created',
        'persistentvolumeclaim/scratch created',
        '',
      ].join('\n'),
    );
    // Upstream re-patches volumeClaimTemplates on every apply (the server adds apiVersion, kind
    // and status to each template), so a StatefulSet with templates is always `configured`.
    assert.equal(
      await k.apply(builtins('csa')),
      [
        'namespace/csa unchanged',
        'configmap/cfg unchanged',
        'secret/creds unchanged',
        'service/web unchanged',
        'statefulset.apps/web configured',
        'deployment.apps/api unchanged',
        'persistentvolumeclaim/scratch unchanged',
        '',
      ].join('\n'),
    );
    const out = await k.apply(builtins('csa', 'two'));
    assert.match(out, /^configmap\/cfg configured$/m);
    assert.equal(
      await k.ok(['get', 'cm', 'cfg', '-n', 'csa', '-o', 'jsonpath={.data.key}']),
      'two',
    );
  });

  it('applies server-side: serverside-applied, every time', async () => {
    const lines = [
      'namespace/ssa serverside-applied',
      'configmap/cfg serverside-applied',
      'secret/creds serverside-applied',
      'service/web serverside-applied',
      'statefulset.apps/web serverside-applied',
      'deployment.apps/api serverside-applied',
      'persistentvolumeclaim/scratch serverside-applied',
      '',
    ].join('\n');
    assert.equal(await k.apply(builtins('ssa'), '--server-side'), lines);
    assert.equal(await k.apply(builtins('ssa'), '--server-side'), lines);
    const managers = await k.ok([
      'get',
      'cm',
      'cfg',
      '-n',
      'ssa',
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}/{.metadata.managedFields[*].operation}',
    ]);
    assert.equal(managers, 'kubectl/Apply');
    assert.equal(
      await k.apply(WIDGET_CRD, '--server-side'),
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com serverside-applied\n',
    );
    assert.equal(
      await k.apply(widget('w2', 'ssa'), '--server-side'),
      'widget.example.com/w2 serverside-applied\n',
    );
  });

  it('rejects an unknown field with the strict-validation error; --validate=false drops it', async () => {
    await installWidgets(k);
    await k.apply(namespace('strict'));
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, namespace: strict}\nbogus: 1\n';
    const r1 = await k.run(['apply', '-f', '-'], cm);
    assert.equal(r1.code, 1);
    assert.equal(
      r1.stderr,
      'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"\n',
    );
    const sts = statefulSet('strict').replace('ports: [', 'imagee: x, ports: [');
    const r2 = await k.run(['apply', '-f', '-'], sts);
    assert.equal(
      r2.stderr,
      'Error from server (BadRequest): error when creating "STDIN": StatefulSet in version "v1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.template.spec.containers[0].imagee"\n',
    );
    const wd = widget('bad', 'strict').replace('spec: {', 'spec: {colour: red, ');
    const r3 = await k.run(['apply', '-f', '-'], wd);
    assert.equal(
      r3.stderr,
      'Error from server (BadRequest): error when creating "STDIN": Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.colour"\n',
    );

    assert.equal(await k.apply(cm, '--validate=false'), 'configmap/bad created\n');
    assert.equal(await k.apply(wd, '--validate=false'), 'widget.example.com/bad created\n');
    const cmJson = JSON.parse(await k.ok(['get', 'cm', 'bad', '-n', 'strict', '-o', 'json']));
    assert.equal(cmJson.bogus, undefined, 'the unknown field is dropped');
    const wdJson = JSON.parse(await k.ok(['get', 'wd', 'bad', '-n', 'strict', '-o', 'json']));
    assert.deepEqual(wdJson.spec, { size: 'big', replicas: 1 });
  });

  it('rejects an unknown field in a server-side apply as upstream does (typed patch error)', async () => {
    await installWidgets(k);
    await k.apply(namespace('strict2'));
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, namespace: strict2}\nbogus: 1\n';
    const r1 = await k.run(['apply', '--server-side', '-f', '-'], cm);
    assert.equal(r1.code, 1);
    assert.equal(
      r1.stderr,
      'Error from server: failed to create typed patch object (strict2/bad; /v1, Kind=ConfigMap): .bogus: field not declared in schema\n',
    );
    const wd = widget('bad', 'strict2').replace('spec: {', 'spec: {colour: red, ');
    const r2 = await k.run(['apply', '--server-side', '--validate=false', '-f', '-'], wd);
    assert.equal(
      r2.stderr,
      'Error from server: failed to create typed patch object (strict2/bad; example.com/v1, Kind=Widget): .spec.colour: field not declared in schema\n',
    );
  });
});
