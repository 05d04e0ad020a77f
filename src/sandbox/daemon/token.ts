// The admin bearer token: random, created once per sandbox directory, kept with mode 0600.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { isNotFound } from './pidfile.ts';

/** Source of random bytes (crypto.randomBytes in production). */
export type RandomBytes = (size: number) => Uint8Array;

/** Returns the token stored at `path`, creating it from 32 random bytes if missing. */
export async function ensureAdminToken(path: string, randomBytes: RandomBytes): Promise<string> {
  const existing = await readToken(path);
  if (existing !== undefined) return existing;
  const token = Buffer.from(randomBytes(32)).toString('base64url');
  try {
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Lost a race with another writer: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const raced = await readToken(path);
    if (raced !== undefined) return raced;
    await writeFile(path, `${token}\n`, { mode: 0o600 }); // an empty file: replace it
  }
  return token;
}

async function readToken(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    if (text === '') return undefined;
    await chmod(path, 0o600);
    return text;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
