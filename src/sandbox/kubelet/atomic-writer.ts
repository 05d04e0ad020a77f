// Upstream's atomic-writer layout for configMap/secret/downwardAPI/projected volumes: files live
// in a timestamped directory, `..data` points at it, and each top-level name links through it,
// so an update swaps every file at once.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

/** Relative path → content (and optional mode). */
export type Payload = Record<string, { data: string | Buffer; mode?: number }>;

/** Writes `payload` into `dir` atomically; returns false when the content was already current. */
export function writeAtomic(dir: string, payload: Payload, stamp: string): boolean {
  mkdirSync(dir, { recursive: true });
  const current = readCurrent(dir);
  const wanted = JSON.stringify(
    Object.keys(payload)
      .sort()
      .map((k) => [k, String(payload[k]?.data)]),
  );
  if (current === wanted) return false;
  const tsDir = `..${stamp}`;
  const full = join(dir, tsDir);
  for (const [rel, { data, mode }] of Object.entries(payload)) {
    mkdirSync(dirname(join(full, rel)), { recursive: true });
    writeFileSync(join(full, rel), data, { mode: mode ?? 0o644 });
  }
  writeFileSync(join(full, '..manifest'), wanted);
  const old = existsSync(join(dir, '..data')) ? readlinkSync(join(dir, '..data')) : undefined;
  symlinkSync(tsDir, join(dir, '..data_tmp'));
  renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
  const tops = new Set(Object.keys(payload).map((p) => p.split('/')[0] ?? p));
  for (const top of tops) {
    const link = join(dir, top);
    if (!existsSync(link) && !isLink(link)) symlinkSync(join('..data', top), link);
  }
  for (const name of readdirSync(dir)) {
    if (name.startsWith('..') || tops.has(name)) continue;
    rmSync(join(dir, name), { force: true, recursive: true });
  }
  if (old && old !== tsDir) rmSync(join(dir, old), { recursive: true, force: true });
  return true;
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function readCurrent(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, '..data', '..manifest'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Overwrites a file in place (same inode, so bind mounts of it see the change) when its content differs. */
export function writeInPlace(file: string, text: string): boolean {
  let old: string | undefined;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === text) return false;
  writeFileSync(file, text);
  return true;
}
