// Starts one container instance: image mapping, environment, command, mounts, process.
import { join } from 'node:path';
import { isStatus } from './api.ts';
import type { KubeletDeps } from './deps.ts';
import { expandRefs, resolveEnv, type EnvSources } from './env.ts';
import { expandVars, findMapping, missingImageMessage, resolveCommand } from './images.ts';
import { startProcess, type ExitInfo, type MountSpec } from './runtime.ts';
import type { Container, Pod } from './types.ts';
import { containerMounts } from './volumes.ts';
import { volumesRoot } from '../storage/paths.ts';

/** Where a pod's container is started. */
export interface StartContext {
  pod: Pod;
  podDir: string;
  podIP: string;
  volumePaths: Record<string, string>;
  hostsFile: string;
}

/** A started instance, or why none could be started. */
export type StartOutcome =
  | {
      kind: 'started';
      pid: number;
      procStart: string | undefined;
      env: Record<string, string>;
      workingDir: string | undefined;
      imageID: string;
    }
  | {
      kind: 'failed';
      reason: 'ErrImagePull' | 'CreateContainerConfigError' | 'RunContainerError';
      message: string;
    };

/** Variables the kubelet gives every container (service link of the API server, hostname, pod IP). */
export function baseEnv(
  pod: Pod,
  podIP: string,
  api: { host: string; port: string },
): Record<string, string> {
  const { host, port } = api;
  return {
    HOSTNAME: pod.spec.hostname || (pod.metadata.name ?? ''),
    KUBERNETES_SERVICE_HOST: host,
    KUBERNETES_SERVICE_PORT: port,
    KUBERNETES_SERVICE_PORT_HTTPS: port,
    KUBERNETES_PORT: `tcp://${host}:${port}`,
    [`KUBERNETES_PORT_${port}_TCP`]: `tcp://${host}:${port}`,
    [`KUBERNETES_PORT_${port}_TCP_PROTO`]: 'tcp',
    [`KUBERNETES_PORT_${port}_TCP_PORT`]: port,
    [`KUBERNETES_PORT_${port}_TCP_ADDR`]: host,
    POD_IP: podIP,
  };
}

/** Env var naming a volume's host directory when there is no mount namespace (`STEWARD_VOLUME_<NAME>`). */
export const volumeEnvName = (volume: string): string =>
  `STEWARD_VOLUME_${volume.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

async function envSources(pod: Pod, c: Container, deps: KubeletDeps): Promise<EnvSources> {
  const ns = pod.metadata.namespace ?? '';
  const cms = new Map<string, Record<string, string> | undefined>();
  const secrets = new Map<string, Record<string, string> | undefined>();
  for (const e of c.env ?? []) {
    if (e.valueFrom?.configMapKeyRef) cms.set(e.valueFrom.configMapKeyRef.name, undefined);
    if (e.valueFrom?.secretKeyRef) secrets.set(e.valueFrom.secretKeyRef.name, undefined);
  }
  for (const ef of c.envFrom ?? []) {
    if (ef.configMapRef) cms.set(ef.configMapRef.name, undefined);
    if (ef.secretRef) secrets.set(ef.secretRef.name, undefined);
  }
  const fetch = async (kind: string, name: string): Promise<Record<string, string> | undefined> => {
    try {
      const o = await deps.client.get<{ data?: Record<string, string> }>(
        `/api/v1/namespaces/${ns}/${kind}/${name}`,
      );
      const data = o.data ?? {};
      if (kind === 'configmaps') return data;
      return Object.fromEntries(
        Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
      );
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  };
  for (const name of cms.keys()) cms.set(name, await fetch('configmaps', name));
  for (const name of secrets.keys()) secrets.set(name, await fetch('secrets', name));
  return { configMap: (n) => cms.get(n), secret: (n) => secrets.get(n) };
}

/**
 * Starts container `c` (instance number `restartCount`); `onExit` fires when it ends, possibly
 * before the outcome is returned (a command that exits at once).
 */
export async function launchContainer(
  c: Container,
  restartCount: number,
  ctx: StartContext,
  deps: KubeletDeps,
  onExit: (info: ExitInfo) => void,
): Promise<StartOutcome> {
  const image = c.image ?? '';
  const mapping = findMapping(deps.images(), image);
  if (!mapping)
    return { kind: 'failed', reason: 'ErrImagePull', message: missingImageMessage(image) };
  const imageEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping.env ?? {})) imageEnv[k] = expandVars(v, deps.vars);
  const base = { ...imageEnv, ...baseEnv(ctx.pod, ctx.podIP, deps.api) };
  const r = resolveEnv(ctx.pod, c, await envSources(ctx.pod, c, deps), base);
  if (!r.ok) return { kind: 'failed', reason: 'CreateContainerConfigError', message: r.message };
  const env = r.env;
  const expanded = {
    ...c,
    ...(c.command ? { command: c.command.map((s) => expandRefs(s, env)) } : {}),
    ...(c.args ? { args: c.args.map((s) => expandRefs(s, env)) } : {}),
  };
  const cmd = resolveCommand(mapping, expanded, deps.vars);
  let mounts: MountSpec[] = containerMounts(c, ctx.volumePaths, ctx.hostsFile);
  if (!deps.namespace) {
    for (const [name, path] of Object.entries(ctx.volumePaths)) env[volumeEnvName(name)] = path;
    mounts = [];
  }
  const logPath = join(ctx.podDir, c.name, `${String(restartCount)}.log`);
  try {
    const { pid, procStart } = await startProcess(
      {
        argv: cmd.argv,
        env,
        workingDir: cmd.workingDir,
        mounts,
        namespace: deps.namespace,
        scratch: join(ctx.podDir, 'ns', c.name),
        volumesRoot: volumesRoot(deps.stateDir),
      },
      logPath,
      onExit,
    );
    return {
      kind: 'started',
      pid,
      procStart,
      env,
      workingDir: cmd.workingDir,
      imageID: cmd.imageID,
    };
  } catch (err) {
    return {
      kind: 'failed',
      reason: 'RunContainerError',
      message: err instanceof Error ? err.message : String(err),
    };
  }
}
