// Actions and settings through SQL: promote, reload, live restart-needed checks.
import { StewardError } from '../lib/errors.ts';
import { sqlState, type SqlClient } from './sql.ts';

/**
 * Promotes a standby and waits (server-side) up to `waitSeconds`; 'not-standby' if it was not one.
 * Then runs a CHECKPOINT (unless told not to) so that pg_control carries the new timeline at once:
 * pg_rewind reads the source's timeline from there and, against a promoted server that has not
 * checkpointed yet, wrongly concludes that no rewind is needed.
 */
export async function promote(
  c: SqlClient,
  o: { waitSeconds?: number; checkpoint?: boolean } = {},
): Promise<'promoted' | 'not-standby'> {
  const waitSeconds = o.waitSeconds ?? 60;
  try {
    const [r] = await c.query<{ ok: boolean }>('SELECT pg_promote(true, $1) AS ok', [waitSeconds]);
    if (r?.ok !== true) {
      throw new StewardError('PROMOTE_TIMEOUT', `promotion did not finish within ${waitSeconds} s`);
    }
  } catch (err) {
    if (sqlState(err) === '55000') return 'not-standby'; // recovery is not in progress
    throw err;
  }
  if (o.checkpoint ?? true) await checkpoint(c);
  return 'promoted';
}

/** Asks the server to re-read its configuration (pg_reload_conf). */
export async function reloadConf(c: SqlClient): Promise<void> {
  await c.query('SELECT pg_reload_conf()');
}

/** pg_settings.context of each named parameter that the server knows. */
export async function parameterContexts(
  c: SqlClient,
  names: readonly string[],
): Promise<Record<string, string>> {
  const rows = await c.query<{ name: string; context: string }>(
    'SELECT name, context FROM pg_settings WHERE name = ANY($1::text[])',
    [names.map((n) => n.toLowerCase())],
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.context]));
}

/** Parameters the server reads from its files but cannot apply until restart (after a reload). */
export async function pendingRestartParameters(c: SqlClient): Promise<string[]> {
  const rows = await c.query<{ name: string }>(
    'SELECT name FROM pg_settings WHERE pending_restart ORDER BY name',
  );
  return rows.map((r) => r.name);
}

/** Parameter names the server does not know (checked against pg_settings; custom `a.b` names pass). */
export async function unknownParameters(c: SqlClient, names: readonly string[]): Promise<string[]> {
  const known = await parameterContexts(c, names);
  return names.filter((n) => !n.includes('.') && !Object.hasOwn(known, n.toLowerCase()));
}

/** A checkpoint now (before a clean switchover, so the shutdown is quick). */
export async function checkpoint(c: SqlClient): Promise<void> {
  await c.query('CHECKPOINT');
}
