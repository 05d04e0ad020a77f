// Files Steward writes into a data directory: configuration, standby.signal, and timeline reads.
import { chown, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANAGED_CONF_FILE, sanitizeAutoConf } from './config.ts';
import type { RunAs } from './runner.ts';
import { historyFileName, parseTimelineHistory, type TimelineHistory } from './timeline.ts';

/** The configuration files Steward owns, already built. */
export interface ConfigFiles {
  readonly postgresqlConf: string;
  readonly stewardConf: string;
  readonly pgHba: string;
}

/** Writes a file in the data directory atomically (temp + rename), mode 0600, owned by `runAs`. */
export async function writeDataDirFile(
  dataDir: string,
  name: string,
  content: string,
  runAs?: RunAs,
): Promise<void> {
  const path = join(dataDir, name);
  const tmp = `${path}.steward-tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  if (runAs) await chown(tmp, runAs.uid, runAs.gid);
  await rename(tmp, path);
}

/**
 * Writes postgresql.conf, steward.conf and pg_hba.conf, and strips managed parameters from
 * postgresql.auto.conf. Call after initdb, pg_basebackup and pg_rewind: the last two copy the
 * source server's configuration files over ours.
 */
export async function writeConfigFiles(
  dataDir: string,
  files: ConfigFiles,
  runAs?: RunAs,
): Promise<{ removedFromAutoConf: string[] }> {
  await writeDataDirFile(dataDir, MANAGED_CONF_FILE, files.stewardConf, runAs);
  await writeDataDirFile(dataDir, 'pg_hba.conf', files.pgHba, runAs);
  await writeDataDirFile(dataDir, 'postgresql.conf', files.postgresqlConf, runAs);
  const auto = await readFile(join(dataDir, 'postgresql.auto.conf'), 'utf8').catch(() => '');
  const clean = sanitizeAutoConf(auto);
  if (clean.removed.length > 0) {
    await writeDataDirFile(dataDir, 'postgresql.auto.conf', clean.text, runAs);
  }
  return { removedFromAutoConf: clean.removed };
}

/** Makes the next start a standby (creates standby.signal) or a primary (removes it). */
export async function setStandbySignal(
  dataDir: string,
  standby: boolean,
  runAs?: RunAs,
): Promise<void> {
  if (standby) await writeDataDirFile(dataDir, 'standby.signal', '', runAs);
  else await rm(join(dataDir, 'standby.signal'), { force: true });
}

/** Whether standby.signal is present. */
export async function hasStandbySignal(dataDir: string): Promise<boolean> {
  return (await stat(join(dataDir, 'standby.signal')).catch(() => undefined)) !== undefined;
}

/** Timeline `timeline`'s history from the local pg_wal, or undefined when the file is absent. */
export async function readLocalTimelineHistory(
  dataDir: string,
  timeline: number,
): Promise<TimelineHistory | undefined> {
  if (timeline === 1) return { timeline: 1, entries: [] };
  const path = join(dataDir, 'pg_wal', historyFileName(timeline));
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseTimelineHistory(timeline, text);
}
