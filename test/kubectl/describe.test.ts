// kubectl describe of a pod, a StatefulSet, a Service and a custom resource.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  installWidgets,
  namespace,
  openKube,
  pod,
  statefulSet,
  widget,
  type Kube,
} from './fixtures.ts';

describe('kubectl describe', () => {
  let k: Kube;
  before(async () => {
    k = await openKube();
    await installWidgets(k);
    await k.apply(
      [
        namespace('d1'),
        pod('web-0', 'd1'),
        statefulSet('d1'),
        `apiVersion: v1
kind: Service
metadata: {name: web, namespace: d1}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: pg, port: 5432}]
`,
        widget('w1', 'd1'),
      ].join('---\n'),
    );
  });
  after(() => k.t.stop());

  const lines = (text: string): string[] => text.split('\n');

  it('describes a pod', async () => {
    const out = lines(await k.ok(['describe', 'pod', 'web-0', '-n', 'd1']));
    for (const l of [
      'Name:             web-0',
      'Namespace:        d1',
      'Service Account:  default',
      'Node:             node-a/',
      'Labels:           app=web',
      'Status:           Pending',
      'Containers:',
      '  c:',
      '    Image:      busybox:1.36',
      'QoS Class:                   BestEffort',
      'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      'Events:                      <none>',
    ])
      assert.ok(out.includes(l), `missing line ${JSON.stringify(l)}`);
  });

  it('describes a StatefulSet', async () => {
    const out = lines(await k.ok(['describe', 'sts', 'web', '-n', 'd1']));
    for (const l of [
      'Name:               web',
      'Namespace:          d1',
      'Selector:           app=web',
      'Labels:             app=web',
      'Replicas:           1 desired | 0 total',
      'Update Strategy:    RollingUpdate',
      '  Partition:        0',
      'Pods Status:        0 Running / 0 Waiting / 0 Succeeded / 0 Failed',
      '    Image:         nginx:1.25',
      '    Port:          80/TCP',
      'Volume Claims:',
      '  Name:          data',
      '  Capacity:      1Gi',
      '  Access Modes:  [ReadWriteOnce]',
    ])
      assert.ok(out.includes(l), `missing line ${JSON.stringify(l)}`);
  });

  it('describes a Service', async () => {
    const out = lines(await k.ok(['describe', 'svc', 'web', '-n', 'd1']));
    for (const l of [
      'Name:                     web',
      'Selector:                 app=web',
      'Type:                     ClusterIP',
      'IP Family Policy:         SingleStack',
      'IP Families:              IPv4',
      'IP:                       None',
      'Port:                     pg  5432/TCP',
      'TargetPort:               5432/TCP',
      'Session Affinity:         None',
    ])
      assert.ok(out.includes(l), `missing line ${JSON.stringify(l)}`);
  });

  it('describes a custom resource', async () => {
    const out = await k.ok(['describe', 'wd', 'w1', '-n', 'd1']);
    assert.match(
      out,
      /^Name: {9}w1\nNamespace: {4}d1\nLabels: {7}<none>\nAnnotations: {2}<none>\nAPI Version: {2}example.com\/v1\nKind: {9}Widget\nMetadata:\n {2}Creation Timestamp: {2}\S+\n {2}Generation: {10}1\n {2}Resource Version: {4}\d+\n {2}UID: {17}[0-9a-f-]{36}\nSpec:\n {2}Replicas: {2}1\n {2}Size: {6}big\nEvents: {6}<none>\n$/,
    );
  });
});
