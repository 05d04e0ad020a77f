// Making a data directory follow a primary: clone with pg_basebackup, or rewind with pg_rewind.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StewardError } from '../lib/errors.ts';
import { tryParseLsn, type Lsn } from './lsn.ts';
import { outputTail, pgProgram, runOpts, type PgInstall } from './process.ts';
import { quoteConninfoValue } from './replication.ts';
import type { ProcessRunner, RunResult } from './runner.ts';

/** A server to copy from, reached over TCP as the replication user. */
export interface SourceServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** Options of a clone. */
export interface CloneOptions {
  /** Must not exist or be empty; removed again when the clone fails. */
  readonly dataDir: string;
  readonly source: SourceServer;
  /** Stream WAL through this (existing) slot, so the primary keeps what we still need. */
  readonly slotName?: string;
  /** Check the copy against its manifest with pg_verifybackup (default true). */
  readonly verify?: boolean;
  readonly timeoutMs?: number;
}

function sourceEnv(s: SourceServer, appName: string): Record<string, string> {
  return { PGPASSWORD: s.password, PGAPPNAME: appName, PGCONNECT_TIMEOUT: '5' };
}

/**
 * Copies the primary with pg_basebackup (`-X stream`, fast checkpoint). Page checksums are
 * verified by the server while sending (a failure aborts the copy); with `verify`, the result is
 * checked against the backup manifest. Configuration files come from the source: rewrite them.
 */
export async function cloneFromPrimary(
  runner: ProcessRunner,
  pg: PgInstall,
  o: CloneOptions,
): Promise<void> {
  const s = o.source;
  const args = ['-D', o.dataDir, '-h', s.host, '-p', String(s.port), '-U', s.user, '-w'];
  args.push('-X', 'stream', '-c', 'fast');
  if (o.slotName !== undefined) args.push('-S', o.slotName);
  const env = sourceEnv(s, 'steward-clone');
  try {
    const r = await runner.run(
      pgProgram(pg, 'pg_basebackup'),
      args,
      runOpts(pg, o.timeoutMs ?? 3_600_000, env),
    );
    if (r.code !== 0)
      throw new StewardError('CLONE_FAILED', `pg_basebackup failed: ${outputTail(r)}`);
    if (o.verify ?? true) {
      const v = await runner.run(
        pgProgram(pg, 'pg_verifybackup'),
        [o.dataDir],
        runOpts(pg, 600_000),
      );
      if (v.code !== 0) {
        throw new StewardError('CLONE_FAILED', `pg_verifybackup failed: ${outputTail(v)}`);
      }
    }
    await rm(join(o.dataDir, 'backup_manifest'), { force: true });
  } catch (err) {
    await rm(o.dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Outcome of pg_rewind. */
export type RewindResult =
  | { readonly kind: 'rewound'; readonly divergedAt?: Lsn; readonly divergedTimeline?: number }
  | { readonly kind: 'not-needed' }
  /** The data directory cannot be rewound onto this source: re-clone it. */
  | { readonly kind: 'impossible'; readonly reason: string }
  /** Could not talk to the source (or similar): retrying may help. */
  | { readonly kind: 'failed'; readonly reason: string };

/** Options of a rewind. */
export interface RewindOptions {
  /** Must belong to a stopped server. */
  readonly dataDir: string;
  readonly source: SourceServer;
  readonly database?: string;
  /** Fetch WAL the target no longer has with its restore_command (`--restore-target-wal`). */
  readonly restoreTargetWal?: boolean;
  readonly timeoutMs?: number;
}

/** Classifies pg_rewind's exit and output. */
export function classifyRewind(r: RunResult): RewindResult {
  const text = `${r.stdout}\n${r.stderr}`;
  if (r.code === 0 && /no rewind required/.test(text)) return { kind: 'not-needed' };
  if (r.code === 0) {
    const m = /servers diverged at WAL location (\S+) on timeline (\d+)/.exec(text);
    const at = m?.[1] === undefined ? undefined : tryParseLsn(m[1]);
    return {
      kind: 'rewound',
      ...(at === undefined ? {} : { divergedAt: at, divergedTimeline: Number(m?.[2]) }),
    };
  }
  const reason = outputTail(r, 3) || `pg_rewind exited with code ${r.code}, signal ${r.signal}`;
  const transient =
    r.code === null ||
    /could not connect|connection to server|timeout expired|Connection refused|the database system is (starting up|shutting down)/i.test(
      text,
    );
  return transient ? { kind: 'failed', reason } : { kind: 'impossible', reason };
}

/** Source conninfo for pg_rewind (`--source-server`). */
export function buildRewindSourceConninfo(s: SourceServer, database = 'postgres'): string {
  const pairs = [
    ['host', s.host],
    ['port', String(s.port)],
    ['user', s.user],
    ['dbname', database],
    ['application_name', 'steward-rewind'],
    ['connect_timeout', '5'],
  ];
  return pairs.map(([k, v]) => `${k}=${quoteConninfoValue(v ?? '')}`).join(' ');
}

/**
 * Rewinds a stopped former primary onto `source`'s timeline with pg_rewind (which first runs
 * crash recovery itself if the server did not shut down cleanly). Configuration files are
 * copied from the source: rewrite them and set standby.signal before starting.
 */
export async function rewindFrom(
  runner: ProcessRunner,
  pg: PgInstall,
  o: RewindOptions,
): Promise<RewindResult> {
  const args = [
    '-D',
    o.dataDir,
    `--source-server=${buildRewindSourceConninfo(o.source, o.database)}`,
  ];
  if (o.restoreTargetWal) args.push('--restore-target-wal');
  const env = { PGPASSWORD: o.source.password };
  const r = await runner.run(
    pgProgram(pg, 'pg_rewind'),
    args,
    runOpts(pg, o.timeoutMs ?? 3_600_000, env),
  );
  return classifyRewind(r);
}
