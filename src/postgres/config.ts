// Pure builders of postgresql.conf (user parameters + `include 'steward.conf'`) and steward.conf.
import { StewardError } from '../lib/errors.ts';
import { checkValue, isManagedParameter, parameterSpec, requiresRestart } from './parameters.ts';

/** Name of the managed file included by postgresql.conf. */
export const MANAGED_CONF_FILE = 'steward.conf';

/** Why a user parameter was refused. */
export type ParameterIssueReason = 'managed' | 'invalid-name' | 'invalid-value' | 'duplicate';

/** One refused user parameter, with a message that names it. */
export interface ParameterIssue {
  readonly parameter: string;
  readonly reason: ParameterIssueReason;
  readonly message: string;
}

/** Result of validating user parameters (names normalized to lower case when valid). */
export type ParameterValidation =
  | { readonly ok: true; readonly parameters: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly issues: readonly ParameterIssue[] };

/** Settings Steward writes to steward.conf. */
export interface ManagedConfig {
  readonly listenAddresses: readonly string[];
  readonly port: number;
  readonly socketDirectory: string;
  readonly walLevel?: 'replica' | 'logical';
  readonly maxWalSenders: number;
  readonly maxReplicationSlots: number;
  /** Already formatted (see buildSynchronousStandbyNames); '' for asynchronous replication. */
  readonly synchronousStandbyNames: string;
  readonly archive?: { readonly mode: 'on' | 'always'; readonly command: string };
  readonly restoreCommand?: string;
  /** Present when this instance is (to be) a standby. */
  readonly standby?: { readonly primaryConninfo: string; readonly primarySlotName?: string };
  readonly clusterName?: string;
}

const NAME_RE = /^[a-z_][a-z0-9_$]*(\.[a-z_][a-z0-9_$]*)?$/;

/** Checks user parameters: managed names, name syntax, duplicates, and values of known types. */
export function validateParameters(params: Readonly<Record<string, string>>): ParameterValidation {
  const issues: ParameterIssue[] = [];
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const issue = checkParameter(key, value, out);
    if (issue) issues.push(issue);
    else out[key.toLowerCase()] = value;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, parameters: out };
}

function checkParameter(
  key: string,
  value: string,
  seen: Record<string, string>,
): ParameterIssue | undefined {
  const name = key.toLowerCase();
  const issue = (reason: ParameterIssueReason, message: string): ParameterIssue => ({
    parameter: key,
    reason,
    message,
  });
  if (!NAME_RE.test(name)) return issue('invalid-name', `"${key}" is not a valid parameter name`);
  if (isManagedParameter(name)) {
    return issue('managed', `parameter "${name}" is managed by Steward and cannot be set`);
  }
  if (Object.hasOwn(seen, name)) return issue('duplicate', `parameter "${name}" is set twice`);
  const spec = parameterSpec(name);
  const problem = spec ? checkValue(spec.type, value) : undefined;
  return problem ? issue('invalid-value', `parameter "${name}": ${problem}`) : undefined;
}

/** Quotes a value for a configuration file: single quotes, `'` doubled, backslashes escaped. */
export function quoteConfValue(value: string): string {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "''")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r');
  return `'${escaped}'`;
}

/** postgresql.conf: validated user parameters, then the include of the managed file (which wins). */
export function buildPostgresqlConf(userParameters: Readonly<Record<string, string>>): string {
  const v = validateParameters(userParameters);
  if (!v.ok) {
    throw new StewardError('INVALID_PARAMETERS', v.issues.map((i) => i.message).join('; '));
  }
  const lines = ['# Written by Steward. User parameters; managed ones are in steward.conf.'];
  for (const name of Object.keys(v.parameters).sort()) {
    lines.push(`${name} = ${quoteConfValue(v.parameters[name] ?? '')}`);
  }
  lines.push(`include '${MANAGED_CONF_FILE}'`, '');
  return lines.join('\n');
}

/** steward.conf: every parameter Steward manages for this instance. */
export function buildStewardConf(m: ManagedConfig): string {
  const settings: [string, string | number | boolean][] = [
    ['listen_addresses', m.listenAddresses.join(',')],
    ['port', m.port],
    ['unix_socket_directories', m.socketDirectory],
    ['password_encryption', 'scram-sha-256'],
    ['wal_level', m.walLevel ?? 'replica'],
    ['hot_standby', true],
    ['wal_log_hints', true],
    ['full_page_writes', true],
    ['max_wal_senders', m.maxWalSenders],
    ['max_replication_slots', m.maxReplicationSlots],
    ['synchronous_standby_names', m.synchronousStandbyNames],
    ['archive_mode', m.archive?.mode ?? 'off'],
    // Written for every role: it needs a restart, so dropping it at promotion would leave the new
    // primary reporting pending_restart (outside recovery it has no effect).
    ['recovery_target_timeline', 'latest'],
  ];
  if (m.archive) settings.push(['archive_command', m.archive.command]);
  if (m.restoreCommand !== undefined) settings.push(['restore_command', m.restoreCommand]);
  if (m.clusterName !== undefined) settings.push(['cluster_name', m.clusterName]);
  if (m.standby) {
    settings.push(['primary_conninfo', m.standby.primaryConninfo]);
    if (m.standby.primarySlotName !== undefined) {
      settings.push(['primary_slot_name', m.standby.primarySlotName]);
    }
  }
  const lines = ['# Written by Steward; do not edit: changes are overwritten.'];
  for (const [k, v] of settings) lines.push(`${k} = ${formatSetting(v)}`);
  return lines.join('\n') + '\n';
}

function formatSetting(v: string | number | boolean): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return quoteConfValue(v);
}

/**
 * Removes managed parameters from postgresql.auto.conf text (written by ALTER SYSTEM, and by
 * pg_basebackup -R / pg_rewind -R). That file is read last, so a stale primary_conninfo there
 * would silently override steward.conf and make a standby follow the wrong server.
 */
export function sanitizeAutoConf(text: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const kept = text.split('\n').filter((line) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.$]*)\s*=?/.exec(line);
    const name = m?.[1]?.toLowerCase();
    if (name === undefined || !isManagedParameter(name)) return true;
    removed.push(name);
    return false;
  });
  return { text: kept.join('\n'), removed };
}

/** Names whose value differs between two parameter sets and that need a restart (unknown: yes). */
export function parametersNeedingRestart(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n] && (requiresRestart(n) ?? true)).sort();
}
