// pg_controldata parsing and inspection of a data directory before anything starts on it.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { StewardError } from '../lib/errors.ts';
import { parseLsn, type Lsn } from './lsn.ts';
import { outputTail, pgProgram, runOpts, type PgInstall } from './process.ts';
import type { ProcessRunner } from './runner.ts';

/** "Database cluster state" values of pg_controldata. */
export type ClusterState =
  | 'starting up'
  | 'shut down'
  | 'shut down in recovery'
  | 'shutting down'
  | 'in crash recovery'
  | 'in archive recovery'
  | 'in production';

const STATES: readonly ClusterState[] = [
  'starting up',
  'shut down',
  'shut down in recovery',
  'shutting down',
  'in crash recovery',
  'in archive recovery',
  'in production',
];

/** The fields of pg_control that Steward uses; `raw` holds every line. */
export interface ControlData {
  readonly systemIdentifier: string;
  readonly state: ClusterState;
  readonly checkpointLsn: Lsn;
  readonly redoLsn: Lsn;
  readonly checkpointTimeline: number;
  readonly minRecoveryEndLsn: Lsn;
  readonly minRecoveryEndTimeline: number;
  readonly checksumVersion: number;
  readonly walLogHints: boolean;
  readonly raw: Readonly<Record<string, string>>;
}

/** What was found in a data directory. */
export type DataDirState =
  | { readonly kind: 'missing' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'version-mismatch'; readonly found: number; readonly expected: number }
  | { readonly kind: 'valid'; readonly major: number; readonly control: ControlData };

/** Parses `pg_controldata` output (run with LC_ALL=C). */
export function parseControlData(text: string): ControlData {
  const raw: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) raw[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  const field = (key: string): string => {
    const v = raw[key];
    if (v === undefined) {
      throw new StewardError('INVALID_CONTROLDATA', `pg_controldata output lacks "${key}"`);
    }
    return v;
  };
  const state = field('Database cluster state') as ClusterState;
  if (!STATES.includes(state)) {
    throw new StewardError('INVALID_CONTROLDATA', `unknown cluster state "${state}"`);
  }
  return {
    systemIdentifier: field('Database system identifier'),
    state,
    checkpointLsn: parseLsn(field('Latest checkpoint location')),
    redoLsn: parseLsn(field("Latest checkpoint's REDO location")),
    checkpointTimeline: Number(field("Latest checkpoint's TimeLineID")),
    minRecoveryEndLsn: parseLsn(field('Minimum recovery ending location')),
    minRecoveryEndTimeline: Number(field("Min recovery ending loc's timeline")),
    checksumVersion: Number(field('Data page checksum version')),
    walLogHints: field('wal_log_hints setting') === 'on',
    raw,
  };
}

/** Whether the cluster was shut down cleanly (pg_rewind and promotion-free restarts need it). */
export function isCleanShutdown(c: ControlData): boolean {
  return c.state === 'shut down' || c.state === 'shut down in recovery';
}

/** Runs and parses pg_controldata; throws CONTROLDATA_FAILED when it fails or pg_control is corrupt. */
export async function readControlData(
  runner: ProcessRunner,
  pg: PgInstall,
  dataDir: string,
): Promise<ControlData> {
  const r = await runner.run(pgProgram(pg, 'pg_controldata'), ['-D', dataDir], runOpts(pg, 10_000));
  if (r.code !== 0 || /CRC checksum does not match/.test(r.stdout + r.stderr)) {
    throw new StewardError('CONTROLDATA_FAILED', `pg_controldata failed: ${outputTail(r)}`);
  }
  return parseControlData(r.stdout);
}

/** Classifies a data directory: missing, empty, invalid (with reason), wrong major, or valid. */
export async function inspectDataDir(
  runner: ProcessRunner,
  pg: PgInstall,
  dataDir: string,
  expectedMajor: number,
): Promise<DataDirState> {
  const entries = await listDir(dataDir);
  if (entries === undefined) return { kind: 'missing' };
  if (entries.every((e) => e === 'lost+found')) return { kind: 'empty' };
  const version = await readFile(join(dataDir, 'PG_VERSION'), 'utf8').catch(() => undefined);
  if (version === undefined) return { kind: 'invalid', reason: 'PG_VERSION is missing' };
  const major = Number(version.trim());
  if (!Number.isInteger(major) || major <= 0) {
    return { kind: 'invalid', reason: `PG_VERSION is not a version: "${version.trim()}"` };
  }
  if (major !== expectedMajor)
    return { kind: 'version-mismatch', found: major, expected: expectedMajor };
  const control = await stat(join(dataDir, 'global', 'pg_control')).catch(() => undefined);
  if (!control?.isFile()) return { kind: 'invalid', reason: 'global/pg_control is missing' };
  try {
    return { kind: 'valid', major, control: await readControlData(runner, pg, dataDir) };
  } catch (err) {
    return { kind: 'invalid', reason: (err as Error).message };
  }
}

async function listDir(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StewardError('DATADIR_UNREADABLE', `cannot read ${dir}`, { cause: err });
  }
}
