// The text of `steward status CLUSTER` (pure): instances, roles, lag, timeline, lease, conditions, events.
import { INSTANCE_ANNOTATIONS, type SyncState } from '../api/instance.ts';
import type { ClusterCondition, PostgresCluster } from '../api/postgres-cluster.ts';
import type { EventView, LeaseView } from './cluster-api.ts';
import type { MemberView } from './cluster-members.ts';

/** Everything the view shows, read at one moment. */
export interface ClusterSnapshot {
  cluster: PostgresCluster;
  members: readonly MemberView[];
  lease: LeaseView | null;
  events: readonly EventView[];
}

/** How many of the most recent events the view lists. */
export const RECENT_EVENTS = 10;

/** Short age like kubectl prints it: 45s, 5m, 3h, 2d. */
export function formatAge(fromIso: string | null | undefined, nowMs: number): string {
  const t = fromIso ? Date.parse(fromIso) : Number.NaN;
  if (Number.isNaN(t)) return '-';
  const s = Math.max(0, Math.floor((nowMs - t) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** Bytes in binary units: 0 B, 512 B, 1.5 KiB, 16 MiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 || v >= 10 ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${text} ${units[i]}`;
}

/** Left-aligned columns separated by two spaces, indented by two. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) =>
    `  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')}`.trimEnd(),
  );
}

const yesNo = (v: boolean | null): string => (v === null ? '-' : v ? 'yes' : 'no');
const orDash = (v: string | number | null | undefined): string =>
  v === null || v === undefined || v === '' ? '-' : String(v);

function syncLine(lease: LeaseView): string | null {
  const text = lease.annotations[INSTANCE_ANNOTATIONS.sync];
  if (!text) return null;
  let s: SyncState;
  try {
    s = JSON.parse(text) as SyncState;
  } catch {
    return null;
  }
  const degraded = s.degraded ? ', degraded to asynchronous' : '';
  if (s.quorum === 0) return `asynchronous (mode ${s.mode}${degraded})`;
  return `${s.quorum} of ${s.members.join(', ')} confirm each commit (mode ${s.mode}${degraded})`;
}

function leaseLine(lease: LeaseView | null, name: string, nowMs: number): string {
  if (!lease) return `${name}: none yet`;
  const holder = lease.holder ? `held by ${lease.holder}` : 'not held';
  const renewed = lease.renewTime ? `, renewed ${formatAge(lease.renewTime, nowMs)} ago` : '';
  const duration = lease.durationSeconds !== null ? `, duration ${lease.durationSeconds}s` : '';
  return `${lease.name} ${holder}${renewed}${duration}`;
}

function summary(s: ClusterSnapshot, nowMs: number): string[] {
  const { metadata, spec, status } = s.cluster;
  const name = metadata.name ?? '';
  const gen = metadata.generation;
  const seen = status?.observedGeneration;
  const lag =
    gen !== undefined && seen !== undefined && seen < gen
      ? `, spec generation ${gen} not yet observed (${seen})`
      : '';
  const ready = `${status?.readyInstances ?? 0} of ${spec.instances} instances ready`;
  const primary = status?.currentPrimary;
  const target = status?.targetPrimary;
  const lines: [string, string][] = [
    ['Cluster', `${metadata.namespace ?? 'default'}/${name}`],
    ['Phase', `${status?.phase ?? 'Pending'} (${ready}${lag})`],
    ['Primary', primary ? `${primary}, timeline ${orDash(status?.timeline)}` : 'none yet'],
  ];
  if (target && primary && target !== primary)
    lines.push(['Switchover', `${primary} -> ${target} in progress`]);
  lines.push(['Lease', leaseLine(s.lease, `${name}-primary`, nowMs)]);
  const sync = s.lease ? syncLine(s.lease) : null;
  if (sync) lines.push(['Sync', sync]);
  if (spec.pause) lines.push(['Paused', 'yes (spec.pause): the operator does not reconcile']);
  const width = Math.max(...lines.map(([k]) => k.length)) + 2;
  return lines.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`);
}

function instances(members: readonly MemberView[]): string[] {
  if (members.length === 0) return ['Instances: none'];
  const rows = members.map((m) => [
    m.name,
    m.role,
    yesNo(m.ready),
    m.role === 'replica' ? yesNo(m.streaming) : '-',
    orDash(m.lsn),
    m.lagBytes === null ? '-' : formatBytes(m.lagBytes),
    orDash(m.timeline),
    orDash(m.node),
  ]);
  const head = ['NAME', 'ROLE', 'READY', 'STREAMING', 'LSN', 'LAG', 'TIMELINE', 'NODE'];
  const said = members.filter((m) => m.message).map((m) => [m.name, m.message ?? '']);
  const agents =
    said.length > 0 ? ['', 'Agents:', ...formatTable(['NAME', 'LAST DECISION'], said)] : [];
  return ['Instances:', ...formatTable(head, rows), ...agents];
}

function conditions(list: readonly ClusterCondition[], nowMs: number): string[] {
  if (list.length === 0) return ['Conditions: none'];
  const rows = list.map((c) => [
    c.type,
    c.status,
    c.reason,
    formatAge(c.lastTransitionTime, nowMs),
    c.message,
  ]);
  return ['Conditions:', ...formatTable(['TYPE', 'STATUS', 'REASON', 'AGE', 'MESSAGE'], rows)];
}

function events(list: readonly EventView[], nowMs: number): string[] {
  if (list.length === 0) return ['Events: none'];
  const at = (e: EventView): number => (e.time ? Date.parse(e.time) : 0) || 0;
  const recent = [...list].sort((a, b) => at(a) - at(b)).slice(-RECENT_EVENTS);
  const rows = recent.map((e) => [
    formatAge(e.time, nowMs),
    e.type,
    e.reason,
    e.count > 1 ? `${e.object} (x${e.count})` : e.object,
    e.message,
  ]);
  const title =
    list.length > RECENT_EVENTS ? `Events (last ${RECENT_EVENTS} of ${list.length}):` : 'Events:';
  return [title, ...formatTable(['AGE', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], rows)];
}

/** The whole view, one string per line. */
export function formatClusterView(s: ClusterSnapshot, nowMs: number): string[] {
  return [
    ...summary(s, nowMs),
    '',
    ...instances(s.members),
    '',
    ...conditions(s.cluster.status?.conditions ?? [], nowMs),
    '',
    ...events(s.events, nowMs),
  ];
}
