// Prepares a pod's volumes on the host (emptyDir, PVC, configMap, secret, downwardAPI,
// projected) and says where each container mount comes from.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isStatus, type ApiClient } from './api.ts';
import { writeAtomic, type Payload } from './atomic-writer.ts';
import { podFieldValue } from './env.ts';
import type { MountSpec } from './runtime.ts';
import { planResizeFinish, type ClaimForResize } from './volume-resize.ts';
import { hostOps } from '../storage/runner.ts';
import { expandFilesystem, volumeModeOf } from '../storage/volumes.ts';
import type {
  Container,
  DownwardItem,
  KeyProjection,
  Pod,
  ProjectedSource,
  Volume,
} from './types.ts';

/** The CSI driver of the sandbox's provisioned volumes. */
export const CSI_DRIVER = 'sandbox.csi.steward.dev';

/** What volume preparation needs. */
export interface VolumeDeps {
  client: ApiClient;
  nodeName: string;
  stateDir: string;
  podDir: string;
  caCert: string;
  nowMs: () => number;
  /** Issues (or returns a cached) service-account token. */
  token: (pod: Pod, src: NonNullable<ProjectedSource['serviceAccountToken']>) => Promise<string>;
  /** Whether any container of the pod runs now (then a filesystem may only be grown online). */
  podRunning: boolean;
  /** Grows a loop-device filesystem (storage/volumes.ts expandFilesystem); injected for tests. */
  growFilesystem?: (handle: string, allowOffline: boolean) => Promise<void>;
  /** Reports a filesystem growth that has to wait. */
  warn?: (msg: string) => void;
}

/** Host directories of the volumes, or why they are not ready. */
export type VolumeResult =
  | { ok: true; paths: Record<string, string>; inUse: string[]; resized: string[] }
  | { ok: false; reason: 'FailedMount' | 'VolumeNotAttached'; message: string };

class MountError extends Error {}

/** Name of the VolumeAttachment for (handle, node), as the CSI attacher names it. */
export function attachmentName(handle: string, driver: string, node: string): string {
  return `csi-${createHash('sha256').update(`${handle}${driver}${node}`).digest('hex')}`;
}

/** The `volumesInUse` entry of a CSI volume. */
export const inUseName = (driver: string, handle: string): string =>
  `kubernetes.io/csi/${driver}^${handle}`;

/** Mounts of a container: its volumeMounts plus /etc/hosts (pure). */
export function containerMounts(
  c: Container,
  paths: Record<string, string>,
  hostsFile: string,
): MountSpec[] {
  const out: MountSpec[] = [];
  for (const m of c.volumeMounts ?? []) {
    const base = paths[m.name];
    if (!base) continue;
    const source = m.subPath ? join(base, m.subPath) : base;
    out.push({ source, target: m.mountPath, readOnly: m.readOnly ?? false, file: false });
  }
  if (!out.some((m) => m.target === '/etc/hosts'))
    out.push({ source: hostsFile, target: '/etc/hosts', readOnly: false, file: true });
  return out;
}

/** Prepares every volume of a pod; safe to call again (re-projects changed data). */
export async function prepareVolumes(pod: Pod, deps: VolumeDeps): Promise<VolumeResult> {
  const paths: Record<string, string> = {};
  const inUse: string[] = [];
  const resized: string[] = [];
  for (const v of pod.spec.volumes ?? []) {
    try {
      const r = await prepareOne(pod, v, deps);
      if (typeof r === 'object') {
        if (!r.attached) return { ok: false, reason: 'VolumeNotAttached', message: r.message };
        inUse.push(r.inUse);
        if (r.resized) resized.push(r.resized);
        paths[v.name] = r.path;
      } else paths[v.name] = r;
    } catch (err) {
      if (!(err instanceof MountError)) throw err;
      return {
        ok: false,
        reason: 'FailedMount',
        message: `MountVolume.SetUp failed for volume "${v.name}" : ${err.message}`,
      };
    }
  }
  return { ok: true, paths, inUse, resized };
}

type PvcResult = {
  path: string;
  inUse: string;
  attached: boolean;
  message: string;
  resized?: string;
};

async function prepareOne(pod: Pod, v: Volume, deps: VolumeDeps): Promise<string | PvcResult> {
  const dir = join(deps.podDir, 'volumes', v.name);
  const stamp = String(deps.nowMs());
  if (v.persistentVolumeClaim) return pvcPath(pod, v.persistentVolumeClaim.claimName, deps);
  if (v.hostPath) return v.hostPath.path;
  if (v.emptyDir) {
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  let payload: Payload = {};
  if (v.configMap) payload = await keyPayload(pod, 'configmaps', v.configMap, deps);
  else if (v.secret)
    payload = await keyPayload(
      pod,
      'secrets',
      { ...v.secret, name: v.secret.secretName ?? v.secret.name ?? '' },
      deps,
    );
  else if (v.downwardAPI) payload = downwardPayload(pod, v.downwardAPI.items ?? []);
  else if (v.projected) payload = await projectedPayload(pod, v.projected.sources ?? [], deps);
  else throw new MountError('unsupported volume type');
  writeAtomic(dir, payload, stamp);
  return dir;
}

async function pvcPath(pod: Pod, claim: string, deps: VolumeDeps): Promise<PvcResult> {
  const ns = pod.metadata.namespace ?? '';
  const pvc = await getOrNull<{ spec?: { volumeName?: string } } & ClaimForResize>(
    deps.client,
    `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claim}`,
  );
  if (!pvc) throw new MountError(`persistentvolumeclaim "${claim}" not found`);
  const pvName = pvc.spec?.volumeName;
  if (!pvName) throw new MountError(`persistentvolumeclaim "${claim}" is not bound`);
  const pv = await getOrNull<{
    spec?: {
      csi?: { driver?: string; volumeHandle?: string; volumeAttributes?: Record<string, string> };
      capacity?: { storage?: string };
    };
  }>(deps.client, `/api/v1/persistentvolumes/${pvName}`);
  const handle = pv?.spec?.csi?.volumeHandle ?? pvName;
  const driver = pv?.spec?.csi?.driver ?? CSI_DRIVER;
  const va = await getOrNull<{ status?: { attached?: boolean } }>(
    deps.client,
    `/apis/storage.k8s.io/v1/volumeattachments/${attachmentName(handle, driver, deps.nodeName)}`,
  );
  const path = join(deps.stateDir, 'volumes', handle);
  const attached = va?.status?.attached === true;
  if (attached) mkdirSync(path, { recursive: true });
  const message = `volume "${pvName}" is not yet attached to node "${deps.nodeName}"`;
  const patch = attached ? await finishResize(pvc, pv, handle, deps) : undefined;
  if (patch) {
    const url = `/api/v1/namespaces/${ns}/persistentvolumeclaims/${claim}/status`;
    await deps.client.patch(url, patch);
  }
  return {
    path,
    inUse: inUseName(driver, handle),
    attached,
    message,
    ...(patch ? { resized: pvName } : {}),
  };
}

/**
 * The status patch that finishes a pending node expansion, after growing a real (loop-device)
 * filesystem. Online growth may be refused (this kernel does); then the claim stays
 * FileSystemResizePending and the growth is tried offline before the pod's next start.
 */
async function finishResize(
  pvc: ClaimForResize,
  pv:
    | {
        spec?: {
          csi?: { volumeAttributes?: Record<string, string> };
          capacity?: { storage?: string };
        };
      }
    | undefined,
  handle: string,
  deps: VolumeDeps,
): Promise<Record<string, unknown> | undefined> {
  const patch = planResizeFinish(pvc, pv?.spec?.capacity?.storage);
  if (!patch || volumeModeOf(pv?.spec?.csi?.volumeAttributes) !== 'loop') return patch;
  const grow = deps.growFilesystem ?? ((h, offline) => growLoop(deps.stateDir, h, offline));
  // Offline growth needs the filesystem unmounted everywhere; the namespaces of containers that
  // just ended release it a moment later, so a start retries briefly before giving up.
  const attempts = deps.podRunning ? 1 : 6;
  for (let i = 1; ; i++) {
    try {
      await grow(handle, !deps.podRunning);
      return patch;
    } catch (err) {
      if (i < attempts) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      const why = err instanceof Error ? err.message : String(err);
      deps.warn?.(`file system growth of volume ${handle} deferred: ${why}`);
      return undefined;
    }
  }
}

async function growLoop(stateDir: string, handle: string, allowOffline: boolean): Promise<void> {
  await expandFilesystem({ host: hostOps(), stateDir }, handle, 'loop', { allowOffline });
}

async function getOrNull<T>(client: ApiClient, path: string): Promise<T | undefined> {
  try {
    return await client.get<T>(path);
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}

async function keyPayload(
  pod: Pod,
  kind: 'configmaps' | 'secrets',
  src: KeyProjection,
  deps: VolumeDeps,
): Promise<Payload> {
  const ns = pod.metadata.namespace ?? '';
  const name = src.name ?? '';
  const obj = await getOrNull<{
    data?: Record<string, string>;
    binaryData?: Record<string, string>;
  }>(deps.client, `/api/v1/namespaces/${ns}/${kind}/${name}`);
  let data: Record<string, Buffer> | undefined;
  if (obj) data = decodeData(kind, obj);
  else if (kind === 'configmaps' && name === 'kube-root-ca.crt')
    data = { 'ca.crt': Buffer.from(deps.caCert) };
  if (!data) {
    if (src.optional) return {};
    throw new MountError(`${kind === 'secrets' ? 'secret' : 'configmap'} "${name}" not found`);
  }
  const mode = src.defaultMode ?? 0o644;
  const out: Payload = {};
  const items = src.items ?? Object.keys(data).map((key) => ({ key, path: key, mode }));
  for (const it of items) {
    const v = data[it.key];
    if (v === undefined) {
      if (src.optional) continue;
      throw new MountError(`configmap references non-existent config key: ${it.key}`);
    }
    out[it.path] = { data: v, mode: it.mode ?? mode };
  }
  return out;
}

function decodeData(
  kind: string,
  obj: { data?: Record<string, string>; binaryData?: Record<string, string> },
): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [k, v] of Object.entries(obj.data ?? {}))
    out[k] = kind === 'secrets' ? Buffer.from(v, 'base64') : Buffer.from(v);
  for (const [k, v] of Object.entries(obj.binaryData ?? {})) out[k] = Buffer.from(v, 'base64');
  return out;
}

function downwardPayload(pod: Pod, items: DownwardItem[]): Payload {
  const out: Payload = {};
  for (const it of items) {
    if (it.fieldRef) out[it.path] = { data: podFieldValue(pod, it.fieldRef.fieldPath) };
  }
  return out;
}

async function projectedPayload(
  pod: Pod,
  sources: ProjectedSource[],
  deps: VolumeDeps,
): Promise<Payload> {
  let out: Payload = {};
  for (const s of sources) {
    if (s.serviceAccountToken)
      out[s.serviceAccountToken.path] = {
        data: await deps.token(pod, s.serviceAccountToken),
        mode: 0o600,
      };
    else if (s.configMap)
      out = { ...out, ...(await keyPayload(pod, 'configmaps', s.configMap, deps)) };
    else if (s.secret) out = { ...out, ...(await keyPayload(pod, 'secrets', s.secret, deps)) };
    else if (s.downwardAPI) out = { ...out, ...downwardPayload(pod, s.downwardAPI.items ?? []) };
  }
  return out;
}
