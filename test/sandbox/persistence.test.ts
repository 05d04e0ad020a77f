// The sandbox's state survives a clean restart and a kill -9 of the server: no torn writes,
// resourceVersions keep increasing, and watchers resume or get a proper 410.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rawClient } from '../support/http.ts';
import { startTestSandbox } from '../support/sandbox.ts';

const node = process.execPath;
const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

async function waitReady(url: string, ca: string, token: string): Promise<void> {
  const c = rawClient(url, ca, token);
  for (let i = 0; i < 200; i++) {
    try {
      if ((await c.request('GET', '/readyz')).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sandbox did not become ready');
}

describe('persistence', () => {
  it('keeps objects and keeps resourceVersions increasing across a restart', async () => {
    const first = await startTestSandbox();
    const port = Number(new URL(first.url).port);
    const c1 = rawClient(first.url, first.caCert, first.token);
    const created = await c1.request('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'keep' },
      data: { a: '1' },
    });
    const rvBefore = Number(created.json.metadata.resourceVersion);
    await first.stop({ keepDir: true });

    const second = await startTestSandbox({ dir: first.dir, port });
    try {
      const c2 = rawClient(second.url, second.caCert, second.token);
      const got = await c2.request('GET', '/api/v1/namespaces/default/configmaps/keep');
      assert.equal(got.status, 200);
      assert.equal(got.json.metadata.uid, created.json.metadata.uid);
      assert.equal(got.json.data.a, '1');
      const next = await c2.request('POST', '/api/v1/namespaces/default/configmaps', {
        metadata: { name: 'after' },
      });
      assert.ok(Number(next.json.metadata.resourceVersion) > rvBefore);
    } finally {
      await second.stop();
    }
  });

  it('resumes a watch from a resourceVersion after a restart, and answers older ones with 410', async () => {
    const first = await startTestSandbox();
    const port = Number(new URL(first.url).port);
    const c1 = rawClient(first.url, first.caCert, first.token);
    const cms = '/api/v1/namespaces/default/configmaps';
    const a = await c1.request('POST', cms, { metadata: { name: 'a' } });
    const b = await c1.request('POST', cms, { metadata: { name: 'b' } });
    await first.stop({ keepDir: true });
    const second = await startTestSandbox({ dir: first.dir, port });
    try {
      const c2 = rawClient(second.url, second.caCert, second.token);
      const lastRv = b.json.metadata.resourceVersion as string;
      const watching = c2.watch(
        `${cms}?watch=true&resourceVersion=${lastRv}`,
        (e) => e.length >= 1,
        5000,
      );
      await new Promise((r) => setTimeout(r, 200));
      await c2.request('POST', cms, { metadata: { name: 'c' } });
      const events = await watching;
      assert.deepEqual(
        events.map((e) => [e.type, e.object.metadata.name]),
        [['ADDED', 'c']],
      );
      const stale = await c2.watch(
        `${cms}?watch=true&resourceVersion=${a.json.metadata.resourceVersion as string}`,
        (e) => e.length >= 1,
        5000,
      );
      assert.equal(stale[0]?.type, 'ERROR');
      assert.equal(stale[0]?.object.code, 410);
    } finally {
      await second.stop();
    }
  });

  it('loses no acknowledged write and tears none when the server is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-kill-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(
      node,
      [cli, 'sandbox', 'up', '--foreground', '--nodes', '0', '--dir', dir, '--port', String(port)],
      { stdio: 'ignore' },
    );
    try {
      const token = readFileSyncRetry(join(dir, 'admin-token'));
      const ca = readFileSyncRetry(join(dir, 'pki', 'ca.crt'));
      const url = `https://127.0.0.1:${port}`;
      await waitReady(url, ca, token);
      const client = rawClient(url, ca, token);
      const acked = new Map<string, string>();
      let stop = false;
      const writer = async (w: number): Promise<void> => {
        for (let i = 0; !stop; i++) {
          const name = `w${w}-${i}`;
          try {
            const r = await client.request('POST', '/api/v1/namespaces/default/configmaps', {
              metadata: { name },
              data: { blob: 'x'.repeat(2000) },
            });
            if (r.status === 201) acked.set(name, r.json.metadata.resourceVersion as string);
          } catch {
            return; // the server is gone
          }
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGKILL');
      stop = true;
      await Promise.all(writers);
      assert.ok(acked.size > 20, `only ${acked.size} writes were acknowledged`);

      const after = await startTestSandbox({ dir });
      try {
        const c = rawClient(after.url, after.caCert, after.token);
        const list = await c.request('GET', '/api/v1/namespaces/default/configmaps');
        assert.equal(list.status, 200);
        const stored = new Map<string, string>(
          list.json.items.map((i: { metadata: { name: string; resourceVersion: string } }) => [
            i.metadata.name,
            i.metadata.resourceVersion,
          ]),
        );
        for (const [name, rv] of acked)
          assert.equal(stored.get(name), rv, `acknowledged ${name} missing or changed`);
        for (const item of list.json.items)
          assert.equal(item.data.blob.length, 2000, 'torn object');
        const maxAcked = Math.max(...[...acked.values()].map(Number));
        const next = await c.request('POST', '/api/v1/namespaces/default/configmaps', {
          metadata: { name: 'next' },
        });
        assert.ok(Number(next.json.metadata.resourceVersion) > maxAcked);
      } finally {
        await after.stop();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function readFileSyncRetry(path: string): string {
  const end = Date.now() + 20_000;
  for (;;) {
    try {
      return readFileSync(path, 'utf8').trim();
    } catch (err) {
      if (Date.now() > end) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}
