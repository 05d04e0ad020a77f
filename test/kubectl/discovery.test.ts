// kubectl api-resources, api-versions, explain, version and cluster-info.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { installWidgets, openKube, type Kube } from './fixtures.ts';

describe('kubectl discovery commands', () => {
  let k: Kube;
  before(async () => {
    k = await openKube();
    await installWidgets(k);
  });
  after(() => k.t.stop());

  it('lists api-resources in upstream format', async () => {
    const out = await k.ok(['api-resources']);
    const lines = out.split('\n');
    const header = lines[0] ?? '';
    assert.match(header, /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND$/);
    // Column starts come from the header; normalize each row to single spaces between cells.
    const cells = (l: string): string => l.trim().split(/ {2,}/).join(' | ');
    const rows = new Set(lines.slice(1).map(cells));
    for (const row of [
      'statefulsets | sts | apps/v1 | true | StatefulSet',
      'pods | po | v1 | true | Pod',
      'configmaps | cm | v1 | true | ConfigMap',
      'namespaces | ns | v1 | false | Namespace',
      'persistentvolumeclaims | pvc | v1 | true | PersistentVolumeClaim',
      'customresourcedefinitions | crd,crds | apiextensions.k8s.io/v1 | false | CustomResourceDefinition',
      'widgets | wd | example.com/v1 | true | Widget',
    ])
      assert.ok(rows.has(row), `missing ${row}`);
    const sts = lines.find((l) => l.startsWith('statefulsets '));
    assert.equal(
      sts?.trimEnd(),
      `statefulsets${' '.repeat(header.indexOf('SHORTNAMES') - 12)}sts${' '.repeat(header.indexOf('APIVERSION') - header.indexOf('SHORTNAMES') - 3)}apps/v1${' '.repeat(header.indexOf('NAMESPACED') - header.indexOf('APIVERSION') - 7)}true${' '.repeat(header.indexOf('KIND') - header.indexOf('NAMESPACED') - 4)}StatefulSet`,
    );
    const wide = await k.ok(['api-resources', '-o', 'wide', '--api-group=apps']);
    assert.match(
      wide,
      /^statefulsets +sts +apps\/v1 +true +StatefulSet +create,delete,deletecollection,get,list,patch,update,watch +all$/m,
    );
    assert.equal(
      await k.ok(['api-resources', '--categories=all', '-o', 'name', '--api-group=example.com']),
      'widgets.example.com\n',
    );
  });

  it('lists api-versions', async () => {
    const versions = (await k.ok(['api-versions'])).trim().split('\n');
    for (const v of ['v1', 'apps/v1', 'batch/v1', 'apiextensions.k8s.io/v1', 'example.com/v1'])
      assert.ok(versions.includes(v), v);
    assert.deepEqual(versions, [...versions].sort());
  });

  it('explains a custom resource and its spec with the CRD descriptions', async () => {
    const kind = await k.ok(['explain', 'widget']);
    assert.match(
      kind,
      /^GROUP: {6}example.com\nKIND: {7}Widget\nVERSION: {4}v1\n\nDESCRIPTION:\n {4}A Widget is a test gadget.\n/,
    );
    assert.match(
      kind,
      /\n {2}metadata\t<ObjectMeta>\n {4}Standard object's metadata. More info:\n/,
    );
    assert.match(kind, /\n {2}spec\t<Object>\n {4}Desired state of the widget.\n/);
    const spec = await k.ok(['explain', 'widget.spec']);
    assert.match(spec, /FIELD: spec <Object>\n/);
    assert.match(
      spec,
      /\n {2}replicas\t<integer>\n {4}Number of copies.\n\n {2}size\t<string>\n {4}How big the widget is.\n/,
    );
  });

  it('explains pods.spec.containers', async () => {
    const out = await k.ok(['explain', 'pods.spec.containers']);
    assert.match(out, /^KIND: {7}Pod\nVERSION: {4}v1\n\nFIELD: containers <\[\]Container>\n/);
    assert.match(
      out,
      /\nDESCRIPTION:\n {4}List of containers belonging to the pod\. Containers cannot currently be\n {4}added or removed\./,
    );
    assert.match(out, /\n {2}image\t<string>\n {4}Container image name\./);
    for (const f of [
      'args\t<[]string>',
      'image\t<string>',
      'name\t<string> -required-',
      'ports\t<[]ContainerPort>',
    ])
      assert.ok(out.includes(`\n  ${f}\n`), f);
  });

  it('prints the server version and cluster-info', async () => {
    const v = await k.ok(['version']);
    assert.match(v, /^Server Version: v1\.32\.\d+/m);
    const info = await k.ok(['cluster-info']);
    assert.ok(info.includes(`Kubernetes control plane is running at ${k.t.url}`), info);
  });

  it('prints auth whoami as a table', async () => {
    assert.equal(
      await k.ok(['auth', 'whoami']),
      'ATTRIBUTE   VALUE\nUsername    steward-admin\nGroups      [system:masters system:authenticated]\n',
    );
  });
});
