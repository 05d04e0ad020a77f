// SCRAM-SHA-256 password verifiers computed client-side, so plain passwords never reach the
// server (nor its statement log) when roles are created or their passwords changed.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** Iterations PostgreSQL uses by default (scram_iterations). */
export const SCRAM_ITERATIONS = 4096;

/**
 * The verifier PostgreSQL stores in pg_authid.rolpassword:
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64). Passwords are NFKC
 * normalized, the main step of the SASLprep that PostgreSQL applies.
 */
export function buildScramVerifier(
  password: string,
  salt: Buffer,
  iterations = SCRAM_ITERATIONS,
): string {
  const salted = pbkdf2Sync(
    Buffer.from(password.normalize('NFKC'), 'utf8'),
    salt,
    iterations,
    32,
    'sha256',
  );
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/** A verifier with a fresh random 16-byte salt. */
export function scramVerifier(password: string): string {
  return buildScramVerifier(password, randomBytes(16));
}
