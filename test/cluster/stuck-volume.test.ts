// The stuck-volume scenario end to end (compressed timings): node killed → NotReady and tainted →
// pod evicted and stuck Terminating → StatefulSet does not replace it → force delete (or the
// out-of-service taint) → replacement elsewhere → Multi-Attach → detach → Running with the same data.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { realClock } from '../../src/lib/clock.ts';
import { loadKubeConfig, makeClients } from '../../src/kube/config.ts';
import { runStuckVolumeScenario } from '../../src/cli/scenarios/stuck-volume.ts';
import { COMPRESSED_TIMINGS } from '../../src/sandbox/config.ts';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.ts';

for (const outOfService of [false, true]) {
  describe(`stuck volume (${outOfService ? 'out-of-service taint' : 'force delete after the max wait'})`, () => {
    let sb: TestSandbox;
    before(async () => {
      sb = await startTestSandbox({ nodes: 3, timings: COMPRESSED_TIMINGS });
    });
    after(() => sb.stop());

    it('ends with the pod running on another node with the same data', async () => {
      const clients = makeClients(loadKubeConfig({ kubeconfigPath: sb.kubeconfig }));
      const lines: string[] = [];
      const result = await runStuckVolumeScenario(
        { namespace: 'default', name: 'sv', outOfService, timeoutMs: 120_000, pollMs: 100 },
        {
          clients,
          clock: realClock,
          print: (l) => lines.push(l),
          killNode: (node) => Promise.resolve(void sb.sandbox.fault(node, 'kill')),
        },
      );
      const texts = result.timeline.map((t) => t.text);
      const at = (prefix: string): number => {
        const e = result.timeline.find((t) => t.text.includes(prefix));
        assert.ok(e, `timeline lacks "${prefix}":\n${lines.join('\n')}`);
        return e.atMs;
      };
      assert.notEqual(result.newNode, result.failedNode);
      assert.ok(result.sameData, `data differs:\n${lines.join('\n')}`);
      const notReady = at('is NotReady');
      const evicted = at('stuck Terminating');
      assert.ok(
        notReady >= COMPRESSED_TIMINGS.nodeMonitorGracePeriodMs - 1000,
        `NotReady too early: ${notReady} ms`,
      );
      assert.ok(
        evicted - notReady >= COMPRESSED_TIMINGS.defaultTolerationSeconds * 1000 - 2000,
        'evicted before tolerationSeconds',
      );
      const detached = at('volume detached');
      const remediated = at('operator:');
      if (outOfService) {
        assert.ok(
          detached - remediated < COMPRESSED_TIMINGS.maxWaitForUnmountMs,
          'out-of-service should not wait for the max unmount time',
        );
      } else {
        assert.ok(
          texts.some((t) => t.startsWith('Multi-Attach error')),
          `no Multi-Attach:\n${lines.join('\n')}`,
        );
        assert.ok(
          detached - remediated >= COMPRESSED_TIMINGS.maxWaitForUnmountMs - 1500,
          `detached after ${detached - remediated} ms`,
        );
      }
    });
  });
}
