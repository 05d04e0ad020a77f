// Pure builder of pg_hba.conf: SCRAM everywhere, superuser only over the local socket.

/** Who may connect from where. */
export interface HbaConfig {
  readonly superuser: string;
  readonly replicationUser: string;
  /** Networks of the cluster's pods (replication and pg_rewind connections), CIDR notation. */
  readonly podNetworks: readonly string[];
  /** Networks application clients connect from, CIDR notation. */
  readonly clientNetworks: readonly string[];
}

/** Quotes a user/database name for pg_hba.conf when it is not a plain word. */
export function quoteHbaName(name: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(name) && !HBA_KEYWORDS.has(name)
    ? name
    : `"${name.replaceAll('"', '""')}"`;
}

const HBA_KEYWORDS = new Set(['all', 'sameuser', 'samerole', 'samegroup', 'replication']);

/**
 * pg_hba.conf lines, first match wins: the superuser connects only over the local socket; the
 * replication user streams (and runs pg_rewind against database `postgres`) from pod networks;
 * everyone else connects from client networks. All password methods are scram-sha-256.
 */
export function buildPgHba(c: HbaConfig): string {
  const su = quoteHbaName(c.superuser);
  const repl = quoteHbaName(c.replicationUser);
  const rows: string[][] = [
    ['local', 'all', su, '', 'scram-sha-256'],
    ['host', 'all', su, 'all', 'reject'],
    ['local', 'replication', repl, '', 'scram-sha-256'],
  ];
  for (const net of c.podNetworks) {
    rows.push(['host', 'replication', repl, net, 'scram-sha-256']);
    rows.push(['host', 'postgres', repl, net, 'scram-sha-256']);
  }
  rows.push(['host', 'all', repl, 'all', 'reject']);
  rows.push(['local', 'all', 'all', '', 'scram-sha-256']);
  for (const net of c.clientNetworks) rows.push(['host', 'all', 'all', net, 'scram-sha-256']);
  const lines = ['# Written by Steward; do not edit: changes are overwritten.'];
  lines.push('# TYPE  DATABASE  USER  ADDRESS  METHOD');
  for (const r of rows) lines.push(r.filter((f) => f !== '').join('  '));
  return lines.join('\n') + '\n';
}
