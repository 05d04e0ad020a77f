// What Steward knows about PostgreSQL parameters: which it manages, their types, restart needs.
import { parseBool, parseIntegerWithUnit, parseNumber, type BaseUnit } from './parameter-values.ts';

/** The type of a parameter's value, with its bounds. */
export type ParameterType =
  | { readonly kind: 'bool' }
  | {
      readonly kind: 'integer';
      readonly unit?: BaseUnit;
      readonly min?: number;
      readonly max?: number;
    }
  | { readonly kind: 'real'; readonly min?: number; readonly max?: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'string' };

/** What Steward knows about one parameter. */
export interface ParameterSpec {
  readonly type: ParameterType;
  /** True when a change needs a server restart (pg_settings.context = 'postmaster'). */
  readonly restart: boolean;
}

/** Parameters Steward sets itself in `steward.conf`; users may not set them. */
export const MANAGED_PARAMETERS: ReadonlySet<string> = new Set([
  'listen_addresses', 'port', 'unix_socket_directories', 'unix_socket_group',
  'unix_socket_permissions', 'wal_level', 'hot_standby', 'max_wal_senders',
  'max_replication_slots', 'wal_log_hints', 'full_page_writes', 'password_encryption',
  'primary_conninfo', 'primary_slot_name', 'restore_command', 'archive_mode',
  'archive_command', 'archive_library', 'archive_cleanup_command', 'recovery_end_command',
  'promote_trigger_file', 'synchronous_standby_names', 'recovery_target',
  'recovery_target_name', 'recovery_target_time', 'recovery_target_xid',
  'recovery_target_lsn', 'recovery_target_inclusive', 'recovery_target_timeline',
  'recovery_target_action', 'data_directory', 'hba_file', 'ident_file', 'config_file',
  'external_pid_file', 'include', 'include_dir', 'include_if_exists',
]); // prettier-ignore

const bool = { kind: 'bool' } as const;
const str = { kind: 'string' } as const;
const int = (unit?: BaseUnit, min?: number, max?: number): ParameterType => ({
  kind: 'integer',
  ...(unit === undefined ? {} : { unit }),
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const real = (min: number, max?: number): ParameterType => ({
  kind: 'real',
  min,
  ...(max === undefined ? {} : { max }),
});
const oneOf = (...values: string[]): ParameterType => ({ kind: 'enum', values });
const restart = (type: ParameterType): ParameterSpec => ({ type, restart: true });
const reload = (type: ParameterType): ParameterSpec => ({ type, restart: false });
const LOG_LEVELS = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'info', 'notice'];

/** The common parameters (PostgreSQL 15); unknown names are passed through unchecked. */
export const PARAMETERS: Readonly<Record<string, ParameterSpec>> = {
  // Managed ones, so that the restart table covers what Steward itself changes.
  listen_addresses: restart(str),
  port: restart(int(undefined, 1, 65535)),
  unix_socket_directories: restart(str),
  wal_level: restart(oneOf('minimal', 'replica', 'logical')),
  hot_standby: restart(bool),
  max_wal_senders: restart(int(undefined, 0, 262143)),
  max_replication_slots: restart(int(undefined, 0, 262143)),
  wal_log_hints: restart(bool),
  archive_mode: restart(oneOf('always', 'on', 'off')),
  primary_conninfo: reload(str),
  primary_slot_name: reload(str),
  restore_command: reload(str),
  archive_command: reload(str),
  synchronous_standby_names: reload(str),
  // Restart needed.
  shared_buffers: restart(int('8kB', 16)),
  max_connections: restart(int(undefined, 1, 262143)),
  superuser_reserved_connections: restart(int(undefined, 0, 262143)),
  max_worker_processes: restart(int(undefined, 0, 262143)),
  max_locks_per_transaction: restart(int(undefined, 10)),
  max_pred_locks_per_transaction: restart(int(undefined, 10)),
  max_prepared_transactions: restart(int(undefined, 0, 262143)),
  max_logical_replication_workers: restart(int(undefined, 0, 262143)),
  autovacuum_max_workers: restart(int(undefined, 1, 262143)),
  max_files_per_process: restart(int(undefined, 64)),
  huge_pages: restart(oneOf('off', 'on', 'try')),
  shared_preload_libraries: restart(str),
  wal_buffers: restart(int('8kB', -1, 262143)),
  track_commit_timestamp: restart(bool),
  logging_collector: restart(bool),
  // Reload is enough.
  work_mem: reload(int('kB', 64, 2147483647)),
  maintenance_work_mem: reload(int('kB', 1024, 2147483647)),
  effective_cache_size: reload(int('8kB', 1)),
  temp_buffers: reload(int('8kB', 100)),
  max_wal_size: reload(int('MB', 2)),
  min_wal_size: reload(int('MB', 2)),
  wal_keep_size: reload(int('MB', 0)),
  checkpoint_timeout: reload(int('s', 30, 86400)),
  checkpoint_completion_target: reload(real(0, 1)),
  archive_timeout: reload(int('s', 0, 1073741823)),
  statement_timeout: reload(int('ms', 0)),
  lock_timeout: reload(int('ms', 0)),
  idle_in_transaction_session_timeout: reload(int('ms', 0)),
  idle_session_timeout: reload(int('ms', 0)),
  deadlock_timeout: reload(int('ms', 1)),
  wal_receiver_timeout: reload(int('ms', 0)),
  wal_receiver_status_interval: reload(int('s', 0, 2147483)),
  wal_sender_timeout: reload(int('ms', 0)),
  max_standby_streaming_delay: reload(int('ms', -1)),
  max_standby_archive_delay: reload(int('ms', -1)),
  log_min_duration_statement: reload(int('ms', -1)),
  log_autovacuum_min_duration: reload(int('ms', -1)),
  log_temp_files: reload(int('kB', -1)),
  autovacuum: reload(bool),
  autovacuum_naptime: reload(int('s', 1, 2147483)),
  autovacuum_vacuum_scale_factor: reload(real(0, 100)),
  autovacuum_analyze_scale_factor: reload(real(0, 100)),
  hot_standby_feedback: reload(bool),
  fsync: reload(bool),
  jit: reload(bool),
  log_checkpoints: reload(bool),
  log_connections: reload(bool),
  log_disconnections: reload(bool),
  log_lock_waits: reload(bool),
  log_line_prefix: reload(str),
  log_statement: reload(oneOf('none', 'ddl', 'mod', 'all')),
  log_min_messages: reload(oneOf(...LOG_LEVELS, 'warning', 'error', 'log', 'fatal', 'panic')),
  synchronous_commit: reload(oneOf('local', 'remote_write', 'remote_apply', 'on', 'off')),
  wal_compression: reload(oneOf('pglz', 'lz4', 'zstd', 'on', 'off')),
  default_transaction_isolation: reload(
    oneOf('serializable', 'repeatable read', 'read committed', 'read uncommitted'),
  ),
  random_page_cost: reload(real(0)),
  seq_page_cost: reload(real(0)),
  effective_io_concurrency: reload(int(undefined, 0, 1000)),
  default_statistics_target: reload(int(undefined, 1, 10000)),
  max_parallel_workers: reload(int(undefined, 0, 1024)),
  max_parallel_workers_per_gather: reload(int(undefined, 0, 1024)),
  timezone: reload(str),
};

/** Spec of a parameter by name (names are case-insensitive), if known. */
export function parameterSpec(name: string): ParameterSpec | undefined {
  return Object.hasOwn(PARAMETERS, name.toLowerCase()) ? PARAMETERS[name.toLowerCase()] : undefined;
}

/** Whether Steward manages this parameter. */
export function isManagedParameter(name: string): boolean {
  return MANAGED_PARAMETERS.has(name.toLowerCase());
}

/** Whether changing `name` needs a restart: true/false from the static table, undefined if unknown. */
export function requiresRestart(name: string): boolean | undefined {
  return parameterSpec(name)?.restart;
}

/** Checks one value against a type; a message (without the parameter name) when invalid. */
export function checkValue(type: ParameterType, value: string): string | undefined {
  switch (type.kind) {
    case 'bool':
      return parseBool(value) === undefined
        ? `"${value}" is not a boolean (use on/off, true/false, yes/no or 1/0)`
        : undefined;
    case 'integer':
      return checkInteger(type, value);
    case 'real': {
      const n = parseNumber(value);
      if (n === undefined) return `"${value}" is not a number`;
      return checkRange(n, type.min, type.max, value);
    }
    case 'enum':
      return type.values.includes(value.trim().toLowerCase())
        ? undefined
        : `"${value}" is not one of ${type.values.map((v) => `"${v}"`).join(', ')}`;
    case 'string':
      return undefined;
  }
}

function checkInteger(
  type: Extract<ParameterType, { kind: 'integer' }>,
  value: string,
): string | undefined {
  const parsed = parseIntegerWithUnit(value, type.unit);
  if ('error' in parsed) return `"${value}" ${parsed.error}`;
  return checkRange(parsed.value, type.min, type.max, value, type.unit);
}

function checkRange(
  n: number,
  min: number | undefined,
  max: number | undefined,
  value: string,
  unit?: BaseUnit,
): string | undefined {
  const u = unit === undefined ? '' : ` (in ${unit})`;
  if (min !== undefined && n < min) return `"${value}" is below the minimum ${min}${u}`;
  if (max !== undefined && n > max) return `"${value}" is above the maximum ${max}${u}`;
  return undefined;
}
