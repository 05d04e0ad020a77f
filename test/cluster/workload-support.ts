// Test support for workload controllers: a sandbox without nodes plus chosen control-plane
// components started by hand, a fake kubelet, and polling helpers.
import { realClock } from '../../src/lib/clock.ts';
import { nopLogger } from '../../src/lib/logger.ts';
import { InstanceStore } from '../../src/sandbox/cluster/instances.ts';
import {
  controlPlaneContext,
  type Component,
  type ComponentFactory,
} from '../../src/sandbox/cluster/context.ts';
import { COMPRESSED_TIMINGS, defaultCluster } from '../../src/sandbox/config.ts';
import type { KubeObject } from '../../src/sandbox/apiserver/types.ts';
import { LocalClient } from '../../src/sandbox/controllers/local-client.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';
import { FakeKubelet } from './fake-kubelet.ts';

export interface WorkloadHarness {
  ts: TestSandbox;
  client: LocalClient;
  kubelet: FakeKubelet;
  stop(): Promise<void>;
}

/** A node-less sandbox running `factories` and a fake kubelet (started only when `auto`). */
export async function startWorkloadHarness(
  factories: ComponentFactory[],
  opts: { auto: boolean },
): Promise<WorkloadHarness> {
  const ts = await startTestSandbox({ nodes: 0, timings: COMPRESSED_TIMINGS });
  const ctx = controlPlaneContext({
    core: ts.sandbox.core,
    clock: realClock,
    log: process.env.WORKLOAD_DEBUG
      ? {
          ...nopLogger,
          warn: (m: string, f?: object) => console.log('WARN', m, f),
          error: (m: string, f?: object) => console.log('ERROR', m, f),
        }
      : nopLogger,
    timings: COMPRESSED_TIMINGS,
    cluster: defaultCluster(0),
    instances: new InstanceStore(ts.dir),
    dir: ts.dir,
    apiUrl: () => ts.url,
  });
  const components: Component[] = [];
  for (const f of factories) components.push(await f(ctx));
  const kubelet = new FakeKubelet(ts.sandbox.core, { auto: opts.auto });
  if (opts.auto) kubelet.start();
  return {
    ts,
    client: new LocalClient(ts.sandbox.core, 'test'),
    kubelet,
    async stop() {
      kubelet.stop();
      for (const c of components.reverse()) await c.stop();
      await ts.stop();
    },
  };
}

export { waitFor } from '../support/wait.ts';

/** Sleeps (to check that something does not happen). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Names of objects, sorted. */
export const names = (objs: KubeObject[]): string[] =>
  objs.map((o) => o.metadata.name ?? '').sort();
