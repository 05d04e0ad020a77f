// End to end: Endpoints, EndpointSlices, the service proxy, cluster DNS records, the `kubernetes`
// Service and kube-root-ca.crt. Pods are simulated on a test-driven node (`sim-1`, kept healthy by
// renewing its Lease): the test sets their status and runs a tiny TCP server on each pod IP.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { after, before, test } from 'node:test';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { LocalClient, R } from '../../src/sandbox/controllers/local-client.ts';
import type {
  EndpointSliceObject,
  EndpointsObject,
  ServiceObject,
} from '../../src/sandbox/controllers/services/types.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { dial, eventually, idOf, SimNode, waitFor } from './sim-pods.ts';

const NS = 'svc-test';
const NODE = 'sim-1';
let sb: TestSandbox;
let client: LocalClient;
let sim: SimNode;

const service = (name: string, spec: Record<string, unknown>): ServiceObject =>
  client.create<ServiceObject>(R.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec,
  });

const dnsHosts = (): string =>
  client.get<KubeObject & { data?: { hosts?: string } }>(R.configmaps, 'kube-system', 'sandbox-dns')
    ?.data?.hosts ?? '';

before(async () => {
  sb = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
  client = new LocalClient(sb.sandbox.core, 'services-test');
  client.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  sim = new SimNode(client, NODE, NS);
  sim.start();
  for (const [i, id] of ['echo-0', 'echo-1', 'echo-2'].entries())
    await sim.backend(`127.1.50.${String(i + 2)}`, id);
  await sim.backend('127.1.50.10', 'pg-0');
  await sim.backend('127.1.50.11', 'pg-1');
});

after(async () => {
  await sim.stop();
  await sb.stop();
});

test('the kubernetes Service reaches the API server through <service range>.0.1:443', async () => {
  const ip = `${sb.sandbox.cluster.serviceCidrBase}.0.1`;
  const svc = await waitFor('kubernetes service', () =>
    client.get<ServiceObject>(R.services, 'default', 'kubernetes'),
  );
  assert.equal(svc.spec?.clusterIP, ip);
  const ep = client.get<EndpointsObject>(R.endpoints, 'default', 'kubernetes');
  assert.equal(ep?.subsets?.[0]?.addresses?.[0]?.ip, '127.0.0.1');
  assert.equal(ep?.subsets?.[0]?.ports?.[0]?.port, Number(new URL(sb.url).port));
  const code = await eventually(`an answer on ${ip}:443`, () =>
    httpsStatus(`https://${ip}:443/version`).catch(() => undefined),
  );
  assert.equal(code, 200);
});

function httpsStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: sb.caCert, headers: { authorization: `Bearer ${sb.token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('kube-root-ca.crt is published in a new namespace', async () => {
  client.create(R.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'fresh' } });
  const cm = await waitFor('kube-root-ca.crt', () =>
    client.get(R.configmaps, 'fresh', 'kube-root-ca.crt'),
  );
  assert.equal((cm.data as Record<string, string>)['ca.crt'], sb.caCert);
});

test('a ClusterIP Service load-balances over ready pods and stops sending new connections to an unready one', async () => {
  const svc = service('echo', {
    selector: { app: 'echo' },
    ports: [{ name: 'tcp', port: 80, targetPort: 'echo' }],
  });
  const ip = svc.spec?.clusterIP ?? '';
  ['echo-0', 'echo-1', 'echo-2'].forEach((n, i) =>
    sim.runPod(n, `127.1.50.${String(i + 2)}`, { app: 'echo' }),
  );
  const ep = await waitFor('3 ready addresses', () => {
    const e = client.get<EndpointsObject>(R.endpoints, NS, 'echo');
    return e?.subsets?.[0]?.addresses?.length === 3 ? e : undefined;
  });
  assert.deepEqual(ep.subsets?.[0]?.ports, [{ name: 'tcp', port: 7001, protocol: 'TCP' }]);
  assert.equal(ep.subsets?.[0]?.addresses?.[0]?.targetRef?.name, 'echo-0');
  assert.equal(ep.metadata.labels?.['endpoints.kubernetes.io/managed-by'], 'endpoint-controller');
  assert.ok(ep.metadata.annotations?.['endpoints.kubernetes.io/last-change-trigger-time']);
  const slices = client.list<EndpointSliceObject>(R.endpointslices, NS, {
    matchLabels: { 'kubernetes.io/service-name': 'echo' },
  });
  assert.equal(slices.length, 1);
  const slice = slices[0] as EndpointSliceObject;
  assert.match(slice.metadata.name ?? '', /^echo-[a-z0-9]{5}$/);
  assert.equal(
    slice.metadata.labels?.['endpointslice.kubernetes.io/managed-by'],
    'endpointslice-controller.k8s.io',
  );
  assert.equal(slice.metadata.ownerReferences?.[0]?.uid, svc.metadata.uid);
  assert.deepEqual(slice.endpoints?.[0], {
    addresses: ['127.1.50.2'],
    conditions: { ready: true, serving: true, terminating: false },
    nodeName: NODE,
    zone: 'zone-x',
    targetRef: {
      kind: 'Pod',
      namespace: NS,
      name: 'echo-0',
      uid: client.get(R.pods, NS, 'echo-0')?.metadata.uid,
    },
  });

  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) seen.add(await idOf(ip, 80));
  assert.deepEqual([...seen].sort(), ['echo-0', 'echo-1', 'echo-2']);

  // Keep a connection to some backend, then turn that backend unready.
  const held = await dial(ip, 80);
  assert.ok(!('error' in held));
  sim.setReady(held.id, false);
  await waitFor('unready endpoint in the slice', () =>
    client
      .list<EndpointSliceObject>(R.endpointslices, NS, {
        matchLabels: { 'kubernetes.io/service-name': 'echo' },
      })
      .some((s) =>
        s.endpoints?.some((e) => e.targetRef?.name === held.id && e.conditions.ready === false),
      ),
  );
  const after = new Set<string>();
  for (let i = 0; i < 6; i++) after.add(await idOf(ip, 80));
  assert.equal(after.has(held.id), false, `${held.id} still receives new connections`);
  assert.equal(after.size, 2);
  const echoed = new Promise<string>((r) =>
    held.socket.once('data', (d: Buffer) => r(d.toString())),
  );
  held.socket.write('still here\n');
  assert.equal(await echoed, 'still here\n');
  held.socket.destroy();
  const e2 = client.get<EndpointsObject>(R.endpoints, NS, 'echo');
  assert.deepEqual(
    e2?.subsets?.[0]?.notReadyAddresses?.map((a) => a.targetRef?.name),
    [held.id],
  );
  const versions = (): string[] => [
    client.get(R.endpoints, NS, 'echo')?.metadata.resourceVersion ?? '',
    ...client.list(R.endpointslices, NS).map((x) => x.metadata.resourceVersion ?? ''),
    client.get(R.configmaps, 'kube-system', 'sandbox-dns')?.metadata.resourceVersion ?? '',
  ];
  const before = versions();
  await new Promise((r) => setTimeout(r, 1000));
  assert.deepEqual(versions(), before, 'controllers keep rewriting unchanged objects');
  assert.match(
    dnsHosts(),
    new RegExp(`^${ip.replace(/\./g, '\\.')} echo\\.${NS}\\.svc\\.cluster\\.local `, 'm'),
  );
});

test('a Service without ready endpoints refuses connections; a deleted Service stops listening', async () => {
  const svc = service('nobody', { selector: { app: 'nobody' }, ports: [{ port: 81 }] });
  const ip = svc.spec?.clusterIP ?? '';
  await waitFor(
    'placeholder slice',
    () =>
      client.list(R.endpointslices, NS, { matchLabels: { 'kubernetes.io/service-name': 'nobody' } })
        .length === 1,
  );
  const refused = await eventually('a listener', async () => {
    const r = await idOf(ip, 81);
    return r === 'error:ECONNREFUSED' ? undefined : r;
  });
  assert.match(refused, /^error:(ECONNRESET|closed)$/);
  client.delete(R.services, NS, 'nobody');
  await eventually(
    'listener closed',
    async () => (await idOf(ip, 81)) === 'error:ECONNREFUSED' || undefined,
  );
});

test('headless Service: per-pod DNS names for ready pods, all pods with publishNotReadyAddresses', async () => {
  service('pg', { clusterIP: 'None', selector: { app: 'pg' }, ports: [{ port: 7001 }] });
  sim.runPod('pg-0', '127.1.50.10', { app: 'pg' }, { hostname: 'pg-0', subdomain: 'pg' });
  sim.runPod('pg-1', '127.1.50.11', { app: 'pg' }, { hostname: 'pg-1', subdomain: 'pg' });
  sim.setReady('pg-1', false);
  const fqdn = (h: string): string => `${h}.pg.${NS}.svc.cluster.local`;
  await waitFor('pg-0 record', () => dnsHosts().includes(`127.1.50.10 ${fqdn('pg-0')}`));
  assert.ok(dnsHosts().includes(`127.1.50.10 pg.${NS}.svc.cluster.local`));
  assert.ok(!dnsHosts().includes('127.1.50.11'));
  const ep = client.get<EndpointsObject>(R.endpoints, NS, 'pg');
  assert.equal(ep?.metadata.labels?.['service.kubernetes.io/headless'], '');
  assert.deepEqual(
    ep?.subsets?.[0]?.notReadyAddresses?.map((a) => a.hostname),
    ['pg-1'],
  );
  client.mutate<ServiceObject>(R.services, NS, 'pg', (s) => {
    s.spec = { ...s.spec, publishNotReadyAddresses: true };
  });
  await waitFor('pg-1 record', () => dnsHosts().includes(`127.1.50.11 ${fqdn('pg-1')}`));
  assert.ok(dnsHosts().includes(`127.1.50.11 pg.${NS}.svc.cluster.local`));
  const slice = client.list<EndpointSliceObject>(R.endpointslices, NS, {
    matchLabels: { 'kubernetes.io/service-name': 'pg' },
  })[0];
  assert.deepEqual(slice?.endpoints?.find((e) => e.hostname === 'pg-1')?.conditions, {
    ready: true,
    serving: false,
    terminating: false,
  });
});
