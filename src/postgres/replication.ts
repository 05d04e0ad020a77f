// Pure builders for replication settings: primary_conninfo, slot names, synchronous_standby_names.
import { StewardError } from '../lib/errors.ts';

/** How a standby reaches its primary. */
export interface PrimaryConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** Written into steward.conf (mode 0600); omit to rely on `passfile`. */
  readonly password?: string;
  readonly passfile?: string;
  /** This standby's name as the primary sees it (synchronous_standby_names matches on it). */
  readonly applicationName: string;
  readonly sslmode?: 'disable' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';
  readonly connectTimeoutSeconds?: number;
}

/** Quotes a libpq connection-string value: single quotes, `\` and `'` backslash-escaped. */
export function quoteConninfoValue(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** primary_conninfo for a standby (keepalives on, so a dead primary is noticed quickly). */
export function buildPrimaryConninfo(p: PrimaryConnection): string {
  const pairs: [string, string | number | undefined][] = [
    ['host', p.host],
    ['port', p.port],
    ['user', p.user],
    ['password', p.password],
    ['passfile', p.passfile],
    ['application_name', p.applicationName],
    ['sslmode', p.sslmode ?? 'prefer'],
    ['connect_timeout', p.connectTimeoutSeconds ?? 5],
    ['keepalives', 1],
    ['keepalives_idle', 5],
    ['keepalives_interval', 2],
    ['keepalives_count', 3],
  ];
  return pairs
    .filter((kv): kv is [string, string | number] => kv[1] !== undefined)
    .map(([k, v]) => `${k}=${quoteConninfoValue(String(v))}`)
    .join(' ');
}

/** Whether `name` is a valid replication slot name (lower-case letters, digits, `_`; ≤ 63). */
export function isValidSlotName(name: string): boolean {
  return /^[a-z0-9_]{1,63}$/.test(name);
}

/** The slot the primary keeps for member `member` (`pg-1` → `steward_pg_1`). */
export function slotNameFor(member: string): string {
  return `steward_${member.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** Synchronous replication: ANY n (quorum) or FIRST n (priority order) over named standbys. */
export interface SynchronousStandbys {
  readonly method: 'ANY' | 'FIRST';
  readonly number: number;
  /** application_name of each candidate, in priority order for FIRST. */
  readonly names: readonly string[];
}

/** Double-quotes a standby name for synchronous_standby_names (`"` doubled). */
export function quoteStandbyName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** synchronous_standby_names text, `ANY 1 ("pg-1", "pg-2")`; '' (asynchronous) when number is 0. */
export function buildSynchronousStandbyNames(s: SynchronousStandbys): string {
  if (!Number.isInteger(s.number) || s.number < 0) {
    throw new StewardError(
      'INVALID_SYNC_CONFIG',
      `invalid number of synchronous standbys: ${s.number}`,
    );
  }
  if (s.number === 0) return '';
  if (s.names.length === 0) {
    throw new StewardError(
      'INVALID_SYNC_CONFIG',
      `${s.number} synchronous standby(s) requested but no candidate names given`,
    );
  }
  return `${s.method} ${s.number} (${s.names.map(quoteStandbyName).join(', ')})`;
}
