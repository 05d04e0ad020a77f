// Read-only status queries: role, LSNs, timeline, WAL receiver, connected standbys, lag.
import { parseLsnOrNull, type Lsn } from './lsn.ts';
import type { SqlClient } from './sql.ts';
import { parseTimelineHistory, type TimelineHistory, historyFileName } from './timeline.ts';

/** What an instance says about itself. */
export interface InstanceStatus {
  readonly role: 'primary' | 'standby';
  /** Primary: the timeline it writes; standby: the newest it received or replayed. */
  readonly timeline: number;
  /** pg_current_wal_lsn() on a primary, null on a standby. */
  readonly currentLsn: Lsn | null;
  readonly receiveLsn: Lsn | null;
  readonly replayLsn: Lsn | null;
  readonly lastReplayAt: Date | null;
  /** Standby: received but not yet replayed, in bytes (null on a primary). */
  readonly replayLagBytes: bigint | null;
  /** Standby: 0 when all received WAL is replayed, else the age of the last replayed commit. */
  readonly replayLagSeconds: number | null;
  readonly systemIdentifier: string;
  readonly serverVersionNum: number;
  readonly pendingRestart: boolean;
}

interface StatusRow {
  in_recovery: boolean;
  current_lsn: string | null;
  insert_tli: number | null;
  receive_lsn: string | null;
  replay_lsn: string | null;
  replay_ts: Date | null;
  replay_lag_s: number | null;
  checkpoint_tli: number;
  received_tli: number | null;
  system_id: string;
  version_num: number;
  pending_restart: boolean;
}

const STATUS_SQL = `
SELECT r.in_recovery,
  CASE WHEN r.in_recovery THEN NULL ELSE pg_current_wal_lsn()::text END AS current_lsn,
  CASE WHEN r.in_recovery THEN NULL
    ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END AS insert_tli,
  pg_last_wal_receive_lsn()::text AS receive_lsn,
  pg_last_wal_replay_lsn()::text AS replay_lsn,
  pg_last_xact_replay_timestamp() AS replay_ts,
  CASE WHEN NOT r.in_recovery THEN NULL
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8 END AS replay_lag_s,
  (SELECT timeline_id FROM pg_control_checkpoint()) AS checkpoint_tli,
  (SELECT received_tli FROM pg_stat_wal_receiver) AS received_tli,
  (SELECT system_identifier::text FROM pg_control_system()) AS system_id,
  current_setting('server_version_num')::int AS version_num,
  EXISTS (SELECT 1 FROM pg_settings WHERE pending_restart) AS pending_restart
FROM (SELECT pg_is_in_recovery() AS in_recovery) r`;

/** Role, LSNs, timeline and lag of the connected instance, in one round trip. */
export async function queryInstanceStatus(c: SqlClient): Promise<InstanceStatus> {
  const [r] = await c.query<StatusRow>(STATUS_SQL);
  if (!r) throw new Error('status query returned no row');
  const receive = parseLsnOrNull(r.receive_lsn);
  const replay = parseLsnOrNull(r.replay_lsn);
  return {
    role: r.in_recovery ? 'standby' : 'primary',
    timeline: r.in_recovery
      ? Math.max(r.checkpoint_tli, r.received_tli ?? 0)
      : (r.insert_tli ?? r.checkpoint_tli),
    currentLsn: parseLsnOrNull(r.current_lsn),
    receiveLsn: receive,
    replayLsn: replay,
    lastReplayAt: r.replay_ts,
    replayLagBytes: r.in_recovery && receive !== null && replay !== null ? receive - replay : null,
    replayLagSeconds: r.replay_lag_s,
    systemIdentifier: r.system_id,
    serverVersionNum: r.version_num,
    pendingRestart: r.pending_restart,
  };
}

/** The standby's WAL receiver (pg_stat_wal_receiver), or null when not streaming. */
export interface WalReceiverStatus {
  readonly status: string;
  readonly receivedTimeline: number;
  readonly writtenLsn: Lsn | null;
  readonly flushedLsn: Lsn | null;
  readonly senderHost: string | null;
  readonly senderPort: number | null;
  readonly slotName: string | null;
  readonly lastMessageAt: Date | null;
}

/** The WAL receiver of a standby; null when none runs (a primary, or a standby not streaming). */
export async function queryWalReceiver(c: SqlClient): Promise<WalReceiverStatus | null> {
  const [r] = await c.query<Record<string, unknown>>(
    `SELECT status, received_tli, written_lsn::text, flushed_lsn::text, sender_host, sender_port,
            slot_name, last_msg_receipt_time FROM pg_stat_wal_receiver`,
  );
  if (!r) return null;
  return {
    status: r.status as string,
    receivedTimeline: r.received_tli as number,
    writtenLsn: parseLsnOrNull(r.written_lsn as string | null),
    flushedLsn: parseLsnOrNull(r.flushed_lsn as string | null),
    senderHost: r.sender_host as string | null,
    senderPort: r.sender_port as number | null,
    slotName: r.slot_name as string | null,
    lastMessageAt: r.last_msg_receipt_time as Date | null,
  };
}

/** One connected standby as the primary sees it (pg_stat_replication). */
export interface StandbyStatus {
  readonly applicationName: string;
  readonly clientAddr: string | null;
  readonly state: string;
  /** async / potential / sync / quorum. */
  readonly syncState: string;
  readonly syncPriority: number;
  readonly sentLsn: Lsn | null;
  readonly writeLsn: Lsn | null;
  readonly flushLsn: Lsn | null;
  readonly replayLsn: Lsn | null;
  /** Bytes from the standby's flush / replay position to the primary's current LSN. */
  readonly flushLagBytes: bigint | null;
  readonly replayLagBytes: bigint | null;
  readonly writeLagSeconds: number | null;
  readonly flushLagSeconds: number | null;
  readonly replayLagSeconds: number | null;
}

/** Standbys connected to this primary, by application_name. */
export async function queryStandbys(c: SqlClient): Promise<StandbyStatus[]> {
  const rows = await c.query<Record<string, unknown>>(
    `SELECT application_name, client_addr::text, state, sync_state, sync_priority,
            sent_lsn::text, write_lsn::text, flush_lsn::text, replay_lsn::text,
            EXTRACT(EPOCH FROM write_lag)::float8 AS write_lag,
            EXTRACT(EPOCH FROM flush_lag)::float8 AS flush_lag,
            EXTRACT(EPOCH FROM replay_lag)::float8 AS replay_lag,
            pg_current_wal_lsn()::text AS current_lsn
       FROM pg_stat_replication ORDER BY application_name, pid`,
  );
  return rows.map((r) => {
    const current = parseLsnOrNull(r.current_lsn as string | null);
    const flush = parseLsnOrNull(r.flush_lsn as string | null);
    const replay = parseLsnOrNull(r.replay_lsn as string | null);
    const behind = (l: Lsn | null) => (current === null || l === null ? null : current - l);
    return {
      applicationName: r.application_name as string,
      clientAddr: r.client_addr as string | null,
      state: r.state as string,
      syncState: r.sync_state as string,
      syncPriority: r.sync_priority as number,
      sentLsn: parseLsnOrNull(r.sent_lsn as string | null),
      writeLsn: parseLsnOrNull(r.write_lsn as string | null),
      flushLsn: flush,
      replayLsn: replay,
      flushLagBytes: behind(flush),
      replayLagBytes: behind(replay),
      writeLagSeconds: r.write_lag as number | null,
      flushLagSeconds: r.flush_lag as number | null,
      replayLagSeconds: r.replay_lag as number | null,
    };
  });
}

/** Timeline `timeline`'s history as the server has it in pg_wal (superuser); timeline 1 has none. */
export async function fetchTimelineHistory(
  c: SqlClient,
  timeline: number,
): Promise<TimelineHistory> {
  if (timeline === 1) return { timeline: 1, entries: [] };
  const [r] = await c.query<{ content: string }>(`SELECT pg_read_file($1) AS content`, [
    `pg_wal/${historyFileName(timeline)}`,
  ]);
  return parseTimelineHistory(timeline, r?.content ?? '');
}
