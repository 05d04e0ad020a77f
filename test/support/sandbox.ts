// Test support: a sandbox started in-process on a free loopback port, with a kubeconfig.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.ts';

export interface TestSandbox {
  sandbox: Sandbox;
  dir: string;
  url: string;
  token: string;
  caCert: string;
  kubeconfig: string;
  /** Stops the sandbox; removes its directory unless `keepDir`. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

/** Writes a kubeconfig for a sandbox URL (context `steward-sandbox`). */
export function writeKubeconfig(path: string, url: string, caCert: string, token: string): void {
  const ca = Buffer.from(caCert).toString('base64');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: steward-sandbox`,
      `  cluster: {server: "${url}", certificate-authority-data: "${ca}"}`,
      'users:',
      `- name: steward-admin`,
      `  user: {token: "${token}"}`,
      'contexts:',
      `- name: steward-sandbox`,
      `  context: {cluster: steward-sandbox, user: steward-admin, namespace: default}`,
      'current-context: steward-sandbox',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
}

/** Starts a sandbox for one test file. */
export async function startTestSandbox(
  extra: Partial<SandboxOptions> & { dir?: string } = {},
): Promise<TestSandbox> {
  const dir = extra.dir ?? mkdtempSync(join(tmpdir(), 'steward-test-'));
  const token = 'test-admin-token';
  const quietLog = (): void => undefined;
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    port: 0,
    adminToken: token,
    log: quietLog,
    ...extra,
    dir,
  });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, sandbox.url, sandbox.caCert, token);
  return {
    sandbox,
    dir,
    url: sandbox.url,
    token,
    caCert: sandbox.caCert,
    kubeconfig,
    async stop(opts = {}) {
      await sandbox.close();
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
