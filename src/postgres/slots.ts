// Physical replication slots on the primary: create, drop, list (all idempotent where it matters).
import { StewardError } from '../lib/errors.ts';
import { parseLsnOrNull, type Lsn } from './lsn.ts';
import { isValidSlotName } from './replication.ts';
import { sqlState, type SqlClient } from './sql.ts';

/** One physical slot as the primary reports it. */
export interface PhysicalSlot {
  readonly name: string;
  readonly active: boolean;
  readonly activePid: number | null;
  readonly restartLsn: Lsn | null;
  /** reserved / extended / unreserved / lost (PostgreSQL 13+). */
  readonly walStatus: string | null;
}

function checkName(name: string): void {
  if (!isValidSlotName(name)) {
    throw new StewardError('INVALID_SLOT_NAME', `invalid replication slot name "${name}"`);
  }
}

/** Creates a physical slot that reserves WAL at once; 'exists' if it is already there. */
export async function ensurePhysicalSlot(
  c: SqlClient,
  name: string,
): Promise<'created' | 'exists'> {
  checkName(name);
  try {
    await c.query('SELECT pg_create_physical_replication_slot($1, true)', [name]);
    return 'created';
  } catch (err) {
    if (sqlState(err) === '42710') return 'exists'; // duplicate_object
    throw err;
  }
}

/** Drops a slot; 'absent' if there was none. Fails with SQL_FAILED (55006) if it is in use. */
export async function dropSlot(c: SqlClient, name: string): Promise<'dropped' | 'absent'> {
  checkName(name);
  try {
    await c.query('SELECT pg_drop_replication_slot($1)', [name]);
    return 'dropped';
  } catch (err) {
    if (sqlState(err) === '42704') return 'absent'; // undefined_object
    throw err;
  }
}

interface SlotRow {
  slot_name: string;
  active: boolean;
  active_pid: number | null;
  restart_lsn: string | null;
  wal_status: string | null;
}

/** Every physical slot, by name. */
export async function listPhysicalSlots(c: SqlClient): Promise<PhysicalSlot[]> {
  const rows = await c.query<SlotRow>(
    `SELECT slot_name, active, active_pid, restart_lsn::text, wal_status
       FROM pg_replication_slots WHERE slot_type = 'physical' ORDER BY slot_name`,
  );
  return rows.map((r) => ({
    name: r.slot_name,
    active: r.active,
    activePid: r.active_pid,
    restartLsn: parseLsnOrNull(r.restart_lsn),
    walStatus: r.wal_status,
  }));
}

/** Creates the wanted slots and drops inactive unwanted ones that match `owned` (ours only). */
export async function reconcileSlots(
  c: SqlClient,
  wanted: readonly string[],
  owned: (name: string) => boolean,
): Promise<{ created: string[]; dropped: string[] }> {
  const existing = await listPhysicalSlots(c);
  const created: string[] = [];
  const dropped: string[] = [];
  for (const name of wanted) {
    if (
      !existing.some((s) => s.name === name) &&
      (await ensurePhysicalSlot(c, name)) === 'created'
    ) {
      created.push(name);
    }
  }
  for (const s of existing) {
    if (wanted.includes(s.name) || !owned(s.name) || s.active) continue;
    if ((await dropSlot(c, s.name)) === 'dropped') dropped.push(s.name);
  }
  return { created, dropped };
}
