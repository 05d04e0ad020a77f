// Entry point of `steward instance run`: wires the agent from its environment and runs it.
import { execFileSync } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { primaryLeaseName } from '../api/instance.ts';
import { realClock } from '../lib/clock.ts';
import { errorMessage } from '../lib/errors.ts';
import { jsonLogger } from '../lib/logger.ts';
import { loadKubeConfig, makeClients } from '../kube/config.ts';
import { KubeLeaseLock } from '../kube/lease-lock-kube.ts';
import { postgresVersion, type PgInstall } from '../postgres/process.ts';
import { createNodeRunner, type RunAs } from '../postgres/runner.ts';
import { Agent } from './agent.ts';
import { identityFromEnv } from './config.ts';
import { fencePostgres } from './fence/fence.ts';
import { startWatchdog } from './fence/watchdog.ts';
import { WatchdogSupervisor } from './fence/watchdog-supervisor.ts';
import { kubeAgentApi } from './kube-access.ts';
import { PostgresManager } from './postgres-manager.ts';

/** The PostgreSQL bin directory: STEWARD_PG_BINDIR, else `pg_config --bindir`. */
function binDir(env: Readonly<Record<string, string | undefined>>): string {
  return (
    env['STEWARD_PG_BINDIR'] ?? execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
  );
}

/** As root, PostgreSQL runs as the `postgres` OS user (it refuses to run as root). */
function runAsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }));
  return { uid: id('-u'), gid: id('-g') };
}

async function ownedDir(path: string, runAs: RunAs | undefined): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  if (runAs) await chown(path, runAs.uid, runAs.gid);
}

/** Runs the agent until SIGTERM/SIGINT; returns the exit code. */
export async function runInstance(
  env: Readonly<Record<string, string | undefined>>,
): Promise<number> {
  const logger = jsonLogger((l) => process.stderr.write(`${l}\n`));
  const identity = identityFromEnv(env);
  const runAs = runAsUser();
  const pg: PgInstall = { binDir: binDir(env), ...(runAs ? { runAs } : {}) };
  const runner = createNodeRunner({ baseEnv: { PATH: env['PATH'] ?? '/usr/bin:/bin' } });
  await ownedDir(dirname(identity.dataDir), runAs);
  await ownedDir(identity.runDir, runAs);
  const version = await postgresVersion(runner, pg);
  const kc = loadKubeConfig(
    env['STEWARD_KUBECONFIG'] ? { kubeconfigPath: env['STEWARD_KUBECONFIG'] } : { inCluster: true },
  );
  const clients = makeClients(kc);
  const api = kubeAgentApi(clients, {
    namespace: identity.namespace,
    cluster: identity.cluster,
    pod: identity.name,
    timeoutMs: 3_000,
  });
  const lock = new KubeLeaseLock(
    clients.coordination,
    identity.namespace,
    primaryLeaseName(identity.cluster),
  );
  const watchdog = new WatchdogSupervisor({
    start: (hooks) =>
      startWatchdog({
        dataDir: identity.dataDir,
        onFenced: (e) =>
          logger.error('the watchdog fenced PostgreSQL', { event: 'watchdog-fenced', detail: e }),
        ...hooks,
      }),
    clock: realClock,
    log: (event, sentence) => {
      const fields = { event, member: identity.name };
      if (event === 'watchdog') logger.info(sentence, fields);
      else logger.warn(sentence, fields);
    },
  });
  const wake = { agent: undefined as Agent | undefined };
  const postgres = new PostgresManager({
    runner,
    clock: realClock,
    pg,
    layout: {
      dataDir: identity.dataDir,
      runDir: identity.runDir,
      listenAddress: identity.address,
      port: identity.postgresPort,
      networks: identity.networks,
    },
    logger,
    onUnexpectedExit: (exit) => {
      logger.warn('PostgreSQL exited unexpectedly', { event: 'postgres-exit', ...exit });
      wake.agent?.wake();
    },
  });
  const agent = new Agent({
    identity,
    api,
    lock,
    clock: realClock,
    logger,
    postgres,
    runner,
    pg,
    pgMajor: version.major,
    pgVersion: version.version,
    watchdog,
    fence: async () => {
      await fencePostgres(identity.dataDir);
    },
    loopMs: Number(env['STEWARD_LOOP_MS'] ?? 1_000),
  });
  wake.agent = agent;
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  process.once('SIGINT', () => stop.abort());
  try {
    // Without a watchdog the agent still runs, but never leads (the supervisor keeps trying).
    await watchdog.start().catch((err: unknown) => {
      logger.error(`no watchdog: ${errorMessage(err)}`, { event: 'watchdog-failed' });
    });
    await agent.run(stop.signal);
    return 0;
  } catch (err) {
    logger.error(`agent failed: ${errorMessage(err)}`, { event: 'fatal' });
    await postgres.stop('immediate').catch(() => undefined);
    return 1;
  } finally {
    await watchdog.stop();
  }
}
