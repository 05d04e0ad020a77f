// kubectl get: tables (default, -o wide, -A, --show-labels), selectors, short names, `get all`,
// structured output and watch, compared with what a 1.32 cluster prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  ageless,
  installWidgets,
  namespace,
  openKube,
  pod,
  statefulSet,
  until,
  widget,
  type Kube,
} from './fixtures.ts';

const cm = (name: string, ns: string, labels: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${ns}, labels: ${labels}}\ndata: {a: "1", b: "2"}\n`;

const service = (ns: string): string => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: ${ns}}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: pg, port: 5432}]
`;

const pvc = (ns: string): string => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: scratch, namespace: ${ns}}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 2Gi}}}
`;

describe('kubectl get', () => {
  let k: Kube;
  before(async () => {
    k = await openKube();
    await installWidgets(k);
    await k.apply(
      [
        namespace('g1'),
        namespace('g2'),
        cm('alpha', 'g1', '{app: web, tier: db}'),
        cm('beta', 'g1', '{app: api}'),
        cm('gamma', 'g2', '{app: web}'),
        service('g1'),
        statefulSet('g1'),
        pvc('g1'),
        pod('web-0', 'g1'),
        widget('w1', 'g1'),
        widget('w2', 'g2', 'small', 3),
      ].join('---\n'),
    );
  });
  after(() => k.t.stop());

  const get = async (...args: string[]): Promise<string> => ageless(await k.ok(['get', ...args]));

  it('prints tables by short name', async () => {
    assert.equal(await get('sts', '-n', 'g1'), 'NAME   READY   AGE\nweb    0/1     ##\n');
    assert.equal(
      await get('pvc', '-n', 'g1'),
      [
        'NAME      STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE',
        'scratch   Pending                                                     <unset>                 ##',
        '',
      ].join('\n'),
    );
    assert.equal(
      await get('cm', '-n', 'g1'),
      'NAME    DATA   AGE\nalpha   2      ##\nbeta    2      ##\n',
    );
    assert.equal(
      await get('wd', '-n', 'g1'),
      'NAME   SIZE   REPLICAS   AGE\nw1     big    1          ##\n',
    );
  });

  it('prints -o wide columns', async () => {
    assert.equal(
      await get('sts', '-n', 'g1', '-o', 'wide'),
      'NAME   READY   AGE   CONTAINERS   IMAGES\nweb    0/1     ##    nginx        nginx:1.25\n',
    );
    assert.equal(
      await get('svc', '-n', 'g1', '-o', 'wide'),
      [
        'NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE   SELECTOR',
        'web    ClusterIP   None         <none>        5432/TCP   ##    app=web',
        '',
      ].join('\n'),
    );
    assert.equal(
      await get('pods', '-n', 'g1', '-o', 'wide'),
      [
        'NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES',
        'web-0   0/1     Pending   0          ##    <none>   node-a   <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('lists across namespaces with -A, labels, label and field selectors', async () => {
    assert.equal(
      await get('cm', '-A', '-l', 'app=web', '--show-labels'),
      [
        'NAMESPACE   NAME    DATA   AGE   LABELS',
        'g1          alpha   2      ##    app=web,tier=db',
        'g2          gamma   2      ##    app=web',
        '',
      ].join('\n'),
    );
    assert.equal(
      await get('cm', '-n', 'g1', '-l', 'app!=web'),
      'NAME   DATA   AGE\nbeta   2      ##\n',
    );
    assert.equal(
      await get('cm', '-A', '--field-selector', 'metadata.namespace=g2'),
      'NAMESPACE   NAME    DATA   AGE\ng2          gamma   2      ##\n',
    );
    assert.equal(
      await get('wd', '-A'),
      [
        'NAMESPACE   NAME   SIZE    REPLICAS   AGE',
        'g1          w1     big     1          ##',
        'g2          w2     small   3          ##',
        '',
      ].join('\n'),
    );
    const none = await k.run(['get', 'cm', '-n', 'g1', '-l', 'app=nothing']);
    assert.equal(none.stdout, '');
    assert.equal(none.stderr, 'No resources found in g1 namespace.\n');
  });

  it('prints `get all` with kinds, including the custom resource in category all', async () => {
    assert.equal(
      await get('all', '-n', 'g1'),
      [
        'NAME        READY   STATUS    RESTARTS   AGE',
        'pod/web-0   0/1     Pending   0          ##',
        '',
        'NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE',
        'service/web   ClusterIP   None         <none>        5432/TCP   ##',
        '',
        'NAME                   READY   AGE',
        'statefulset.apps/web   0/1     ##',
        '',
        'NAME                    SIZE   REPLICAS   AGE',
        'widget.example.com/w1   big    1          ##',
        '',
      ].join('\n'),
    );
  });

  it('prints -o yaml, -o json, -o jsonpath and -o name', async () => {
    const yaml = await k.ok(['get', 'cm', 'alpha', '-n', 'g1', '-o', 'yaml']);
    assert.match(
      yaml,
      /^apiVersion: v1\ndata:\n {2}a: "1"\n {2}b: "2"\nkind: ConfigMap\nmetadata:\n/,
    );
    assert.match(
      yaml,
      /\n {2}name: alpha\n {2}namespace: g1\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\n$/,
    );
    const json = JSON.parse(await k.ok(['get', 'sts', 'web', '-n', 'g1', '-o', 'json']));
    assert.equal(json.kind, 'StatefulSet');
    assert.equal(json.spec.podManagementPolicy, 'OrderedReady');
    const list = JSON.parse(await k.ok(['get', 'cm', '-n', 'g1', '-o', 'json']));
    assert.equal(list.kind, 'List');
    assert.deepEqual(
      list.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ['alpha', 'beta'],
    );
    assert.equal(
      await k.ok([
        'get',
        'cm',
        '-A',
        '-o',
        'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
      ]),
      'g1/alpha\ng1/beta\ng2/gamma\n',
    );
    assert.equal(
      await k.ok(['get', 'sts,wd', '-n', 'g1', '-o', 'name']),
      'statefulset.apps/web\nwidget.example.com/w1\n',
    );
  });

  it('watches with -w: prints the table, then a row per change', async () => {
    await k.apply(namespace('gw'));
    await k.apply(cm('one', 'gw', '{app: web}'));
    const child = spawn(
      'kubectl',
      ['--kubeconfig', k.t.kubeconfig, 'get', 'cm', '-n', 'gw', '-w'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => Promise.resolve(out.includes('one')));
      await k.apply(cm('two', 'gw', '{app: web}'));
      await until(() => Promise.resolve(out.includes('two')));
      assert.equal(ageless(out), 'NAME   DATA   AGE\none    2      ##\ntwo    2      ##\n');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
