// The main job after the sandbox is up: install the operator from the install manifest (built from
// code), create the sample cluster, wait until it is Ready and say how to connect and watch.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { parseAllDocuments } from 'yaml';
import type { PostgresCluster } from '../api/postgres-cluster.ts';
import { GROUP, POSTGRES_CLUSTER_NAMES, VERSION } from '../api/postgres-cluster.ts';
import { StewardError } from '../lib/errors.ts';
import type { Clock } from '../lib/clock.ts';
import { loadKubeConfig, makeClients, type KubeClients } from '../kube/config.ts';
import { buildInstallObjects } from '../operator/install/index.ts';
import { serviceNames } from '../operator/builders/names.ts';

/** Path of the sample cluster, relative to the project. */
export const SAMPLE_CLUSTER_PATH = 'deploy/samples/cluster.yaml';

const MANAGER = 'steward-cli';

/**
 * client-node serializes typed kinds through its models, which know `x-kubernetes-*` schema keys
 * only under their model names: turn the plain CRD into the model first so nothing is dropped.
 */
function asModel(obj: KubernetesObject): KubernetesObject {
  if (obj.kind !== 'CustomResourceDefinition') return obj;
  return ObjectSerializer.deserialize(obj, 'V1CustomResourceDefinition') as KubernetesObject;
}

async function apply(c: KubeClients, obj: KubernetesObject): Promise<void> {
  try {
    await c.objects.patch(
      asModel(obj),
      undefined,
      undefined,
      MANAGER,
      true,
      PatchStrategy.ServerSideApply,
    );
  } catch (err) {
    const body = (err as { body?: unknown }).body;
    const what = `${obj.kind ?? ''} ${obj.metadata?.name ?? ''}`;
    throw new StewardError(
      'APPLY_FAILED',
      `while applying ${what}: ${typeof body === 'string' ? body : JSON.stringify(body)}`,
      { cause: err },
    );
  }
}

async function poll<T>(
  clock: Clock,
  what: string,
  timeoutMs: number,
  fn: () => Promise<T | null>,
): Promise<T> {
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v !== null) return v;
    if (clock.now() > deadline)
      throw new StewardError('MAIN_JOB_TIMEOUT', `timed out waiting for ${what}`);
    await clock.sleep(1_000);
  }
}

/** Options of the main job. */
export interface MainJobOptions {
  kubeconfig: string;
  projectDir: string;
  clock: Clock;
  report: (line: string) => void;
  timeoutMs: number;
}

/** Installs the operator, creates the sample cluster, waits until Ready; returns the next-step lines. */
export async function runMainJob(o: MainJobOptions): Promise<string[]> {
  const c = makeClients(loadKubeConfig({ kubeconfigPath: o.kubeconfig }));
  o.report('installing the operator (deploy/install.yaml) …');
  for (const obj of buildInstallObjects()) {
    await apply(c, obj);
    if (obj.kind === 'CustomResourceDefinition') {
      await poll(o.clock, 'the PostgresCluster CRD', 60_000, async () => {
        const crd = await c.apiextensions.readCustomResourceDefinition({
          name: obj.metadata?.name ?? '',
        });
        return crd.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')
          ? true
          : null;
      });
    }
  }
  const docs = parseAllDocuments(await readFile(join(o.projectDir, SAMPLE_CLUSTER_PATH), 'utf8'));
  const sample = docs[0]?.toJS() as PostgresCluster & KubernetesObject;
  sample.metadata.namespace ??= 'default';
  const name = sample.metadata.name ?? 'pg';
  const ns = sample.metadata.namespace;
  o.report(`creating PostgresCluster ${ns}/${name} (${SAMPLE_CLUSTER_PATH}) …`);
  await apply(c, sample);
  let last = '';
  await poll(o.clock, `PostgresCluster ${name} to be Ready`, o.timeoutMs, async () => {
    const obj = (await c.customObjects.getNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      plural: POSTGRES_CLUSTER_NAMES.plural,
      namespace: ns,
      name,
    })) as PostgresCluster;
    const line = `  ${obj.status?.phase ?? 'Pending'}: ${obj.status?.readyInstances ?? 0}/${sample.spec.instances ?? 1} ready${obj.status?.currentPrimary ? `, primary ${obj.status.currentPrimary}` : ''}`;
    if (line !== last) o.report((last = line));
    return obj.status?.phase === 'Ready' ? obj : null;
  });
  const rw = await c.core.readNamespacedService({ name: serviceNames(name).rw, namespace: ns });
  const ip = rw.spec?.clusterIP ?? '';
  return [
    '',
    `PostgreSQL cluster ${name} is Ready. Connect through the primary's Service (${serviceNames(name).rw} → ${ip}):`,
    `  PGPASSWORD=$(kubectl get secret ${name}-app -o jsonpath='{.data.password}' | base64 -d) psql -h ${ip} -U app app`,
    'Watch it (and try: steward sandbox node kill <node of the primary>):',
    '  kubectl get pgc,pods -o wide -w',
  ];
}
