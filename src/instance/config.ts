// The agent's identity (from its environment) and the cluster configuration it reads from the API.
import { clusterSecretNames, DEFAULT_POSTGRES_PORT, DEFAULT_STATUS_PORT } from '../api/instance.ts';
import type { PostgresCluster } from '../api/postgres-cluster.ts';
import { validateParameters } from '../postgres/config.ts';
import type { ClusterCredentials } from '../postgres/roles.ts';
import { StewardError } from '../lib/errors.ts';
import type { AgentApi } from './kube-access.ts';

/** Who and where this member is. */
export interface Identity {
  name: string;
  namespace: string;
  cluster: string;
  /** Address PostgreSQL and the status server listen on (the pod IP). */
  address: string;
  postgresPort: number;
  statusPort: number;
  dataDir: string;
  runDir: string;
  /** Networks allowed to connect to PostgreSQL, CIDR. */
  networks: string[];
}

/** Reads the identity from the environment a pod gets (downward API). */
export function identityFromEnv(env: Readonly<Record<string, string | undefined>>): Identity {
  const need = (k: string): string => {
    const v = env[k];
    if (!v) throw new StewardError('AGENT_ENV', `environment variable ${k} is required`);
    return v;
  };
  const port = (k: string, dflt: number): number => {
    const v = env[k];
    if (v === undefined || v === '') return dflt;
    // Decimal digits only: Number() would also take "0x1f90", "1e3" or " 80 ".
    const n = /^[0-9]{1,5}$/.test(v) ? Number(v) : NaN;
    if (!(n >= 1 && n <= 65535)) {
      throw new StewardError('AGENT_ENV', `${k} must be a port number, got "${v}"`);
    }
    return n;
  };
  // An empty value (a template that rendered nothing) means the default, never "" as a path.
  const opt = (k: string, dflt: string): string => env[k] || dflt;
  const dataDir = opt('PGDATA', '/data/pgdata');
  return {
    name: need('POD_NAME'),
    namespace: need('POD_NAMESPACE'),
    cluster: need('CLUSTER_NAME'),
    address: need('POD_IP'),
    postgresPort: port('STEWARD_POSTGRES_PORT', DEFAULT_POSTGRES_PORT),
    statusPort: port('STEWARD_STATUS_PORT', DEFAULT_STATUS_PORT),
    dataDir,
    runDir: opt('STEWARD_RUN_DIR', '/run/steward'),
    networks: opt('STEWARD_NETWORKS', '0.0.0.0/0')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

/** What one cycle needs from the PostgresCluster and its Secrets. */
export interface ClusterConfig {
  parameters: Record<string, string>;
  credentials: ClusterCredentials;
  synchronous: { mode: 'off' | 'quorum' | 'strict'; number: number };
  timings: { leaseMs: number; renewMs: number; retryMs: number };
  maximumLagBytes: number | null;
  /** Re-clone (keeping the old directory aside) when pg_rewind cannot rejoin us. */
  recloneWhenRewindImpossible: boolean;
  targetPrimary: string | null;
  currentPrimary: string | null;
}

/** A configuration, or why there is none (a sentence naming the field or Secret). */
export type ConfigResult = { ok: true; config: ClusterConfig } | { ok: false; problem: string };

/** Reads and checks the cluster object and its Secrets. */
export async function loadClusterConfig(api: AgentApi, cluster: string): Promise<ConfigResult> {
  const obj = await api.getCluster();
  if (!obj) return { ok: false, problem: `PostgresCluster ${cluster} does not exist` };
  return configFrom(obj, api, cluster);
}

async function configFrom(
  obj: PostgresCluster,
  api: AgentApi,
  cluster: string,
): Promise<ConfigResult> {
  const spec = obj.spec;
  const params = validateParameters(spec.postgresql?.parameters ?? {});
  if (!params.ok) {
    return {
      ok: false,
      problem: `spec.postgresql.parameters: ${params.issues.map((i) => i.message).join('; ')}`,
    };
  }
  const names = clusterSecretNames(cluster, spec.bootstrap.initdb.secret?.name);
  const [su, repl, app] = await Promise.all([
    api.getCredentials(names.superuser),
    api.getCredentials(names.replication),
    api.getCredentials(names.app),
  ]);
  const missing = [
    [names.superuser, su],
    [names.replication, repl],
    [names.app, app],
  ].filter(([, v]) => v === null || (v as { password: string }).password === '');
  if (missing.length > 0 || !su || !repl || !app) {
    return {
      ok: false,
      problem: `Secret ${missing.map(([n]) => n as string).join(', ')} is missing or has no password`,
    };
  }
  const f = spec.failover;
  return {
    ok: true,
    config: {
      parameters: { ...params.parameters },
      credentials: {
        superuser: { name: su.username || 'postgres', password: su.password },
        replication: { name: repl.username || 'streaming_replica', password: repl.password },
        app: {
          owner: { name: spec.bootstrap.initdb.owner, password: app.password },
          database: spec.bootstrap.initdb.database,
        },
      },
      synchronous: { mode: spec.synchronous.mode, number: spec.synchronous.number },
      timings: {
        leaseMs: f.leaseDurationSeconds * 1000,
        renewMs: f.renewDeadlineSeconds * 1000,
        retryMs: f.retryPeriodSeconds * 1000,
      },
      maximumLagBytes: f.maximumLagBytes ?? null,
      recloneWhenRewindImpossible: f.recloneWhenRewindImpossible,
      targetPrimary: obj.status?.targetPrimary ?? null,
      currentPrimary: obj.status?.currentPrimary ?? null,
    },
  };
}
