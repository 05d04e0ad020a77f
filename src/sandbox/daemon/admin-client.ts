// Calls the sandbox's admin API (/sandbox/v1) of a running sandbox directory.
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import { StewardError } from '../../lib/errors.ts';
import { inspectSandbox } from './inspect.ts';
import type { SandboxPaths } from './paths.ts';
import type { ProcessProbe } from './process-probe.ts';

/** Sends one admin request to the sandbox of `paths`; returns the decoded JSON answer. */
export async function adminRequest(
  paths: SandboxPaths,
  probe: ProcessProbe,
  method: 'GET' | 'POST',
  path: string,
): Promise<unknown> {
  const state = await inspectSandbox(paths, probe);
  if (state.kind !== 'running' || !state.url) {
    throw new StewardError(
      'NOT_RUNNING',
      `the sandbox in ${paths.dir} is not running (start it with "steward sandbox up")`,
    );
  }
  const token = (await readFile(paths.adminToken, 'utf8')).trim();
  const url = new URL(path, state.url);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, ca: state.caCert, headers: { Authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
            message?: string;
          };
          if ((res.statusCode ?? 500) >= 400)
            reject(
              new StewardError(
                'ADMIN_REQUEST_FAILED',
                body.message ?? `HTTP ${String(res.statusCode)}`,
              ),
            );
          else resolve(body);
        });
      },
    );
    req.on('error', (err) =>
      reject(
        new StewardError('ADMIN_REQUEST_FAILED', `cannot reach the sandbox: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    req.end();
  });
}
