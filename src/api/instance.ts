// What the instance agent publishes and serves, shared by the agent, the operator and the CLI.

/** HTTP routes of the agent's status server. */
export const INSTANCE_ROUTES = {
  /** Liveness: 200 while the agent's loop runs. */
  healthz: '/healthz',
  /** Readiness: 200 for a writable lease-holding primary or a replica streaming within the lag bound. */
  readyz: '/readyz',
  /** JSON `MemberStatus`. */
  status: '/status',
  /** POST: run a decision cycle now (used at switchover hand-over). */
  wake: '/wake',
} as const;

/** Default port of the status server. */
export const DEFAULT_STATUS_PORT = 8008;
/** Default PostgreSQL port. */
export const DEFAULT_POSTGRES_PORT = 5432;
/** Name of the container that runs `steward instance run` (and PostgreSQL) in a member pod. */
export const INSTANCE_CONTAINER_NAME = 'postgres';

/** Labels and annotations Steward puts on instance pods and on the primary Lease. */
export const INSTANCE_LABELS = {
  cluster: 'steward.dev/cluster',
  /** `primary` or `replica`; the `-rw` Service selects `primary`. */
  role: 'steward.dev/role',
  instance: 'steward.dev/instance',
} as const;

export const INSTANCE_ANNOTATIONS = {
  /** On each pod: JSON `MemberStatus`, refreshed by its agent. */
  status: 'steward.dev/status',
  /** On the primary Lease: JSON `SyncState`, written only by the lease holder. */
  sync: 'steward.dev/sync',
  /** On the primary Lease: the PostgreSQL system identifier of the cluster, once bootstrapped. */
  systemIdentifier: 'steward.dev/system-identifier',
  /** On the primary Lease: JSON `HandOver` while a switchover passes the lease. */
  handOver: 'steward.dev/hand-over',
} as const;

/** Name of the primary Lease of a cluster. */
export function primaryLeaseName(cluster: string): string {
  return `${cluster}-primary`;
}

/** Roles a member reports. */
export type MemberRole = 'primary' | 'replica' | 'fenced' | 'stopped' | 'initializing';

/** One member's view of itself (served at /status, copied into its pod annotation). */
export interface MemberStatus {
  name: string;
  /** Host and ports where the member's PostgreSQL and status server listen. */
  address: string;
  postgresPort: number;
  statusPort: number;
  role: MemberRole;
  postgresRunning: boolean;
  /** Data directory holds a cluster (false before bootstrap or clone). */
  hasData: boolean;
  systemIdentifier: string | null;
  timeline: number | null;
  /** Primary: current write LSN; replica: highest of received (flushed) and replayed LSN. */
  lsn: string | null;
  replayedLsn: string | null;
  /** Replica: whether its WAL receiver streams, and from whom. */
  streaming: boolean;
  following: string | null;
  lagBytes: number | null;
  lagSeconds: number | null;
  /** Lease holder and local expiry judgement. */
  leaseHolder: string;
  leaseExpiresInMs: number | null;
  /** Primary: the synchronous state it published. */
  sync: SyncState | null;
  postgresVersion: string | null;
  pendingRestart: boolean;
  /** Last decision sentence. */
  message: string;
  /** Agent's clock when the status was produced (ISO 8601). */
  time: string;
}

/**
 * Who holds every acknowledged commit: a commit is acknowledged only once `quorum` of `members`
 * flushed it. `quorum` 0 means asynchronous (nobody but the primary is guaranteed to hold it).
 */
export interface SyncState {
  quorum: number;
  members: string[];
  /** The configured mode this state serves; `degraded` when quorum mode fell back to async. */
  mode: 'off' | 'quorum' | 'strict';
  degraded: boolean;
}

/** A switchover in progress: the old primary stopped at `lsn` and passed the lease to `to`. */
export interface HandOver {
  from: string;
  to: string;
  lsn: string;
}

/** Secrets holding a cluster's credentials (`username` and `password` keys). */
export function clusterSecretNames(
  cluster: string,
  appSecret?: string,
): { superuser: string; replication: string; app: string } {
  return {
    superuser: `${cluster}-superuser`,
    replication: `${cluster}-replication`,
    app: appSecret ?? `${cluster}-app`,
  };
}
