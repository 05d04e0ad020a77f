// Pure resolution of a container's environment: envFrom, env with valueFrom, service variables
// and `$(VAR)` expansion, with upstream's CreateContainerConfigError messages.
import type { Container, Pod } from './types.ts';

/** Data of ConfigMaps and (decoded) Secrets of the pod's namespace. */
export interface EnvSources {
  configMap(name: string): Record<string, string> | undefined;
  secret(name: string): Record<string, string> | undefined;
}

/** A resolved environment, or why the container cannot be created. */
export type EnvResult = { ok: true; env: Record<string, string> } | { ok: false; message: string };

class ConfigError extends Error {}

/** Value of a downward-API field path of a pod (env and downwardAPI volumes). */
export function podFieldValue(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1] as 'labels' | 'annotations'] ?? {})[m[2] ?? ''] ?? '';
  const status = pod.status ?? {};
  const ips = (key: string): string =>
    ((status[key] as { ip: string }[] | undefined) ?? []).map((x) => x.ip).join(',');
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations': {
      const map = pod.metadata[path === 'metadata.labels' ? 'labels' : 'annotations'] ?? {};
      return Object.keys(map)
        .sort()
        .map((k) => `${k}="${map[k] ?? ''}"`)
        .join('\n');
    }
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec.serviceAccountName ?? '';
    case 'status.podIP':
    case 'status.hostIP':
      return typeof status[path.slice(7)] === 'string' ? (status[path.slice(7)] as string) : '';
    case 'status.podIPs':
    case 'status.hostIPs':
      return ips(path.slice(7));
    default:
      throw new ConfigError(`unsupported fieldPath: ${path}`);
  }
}

function lookup(
  kind: 'Secret' | 'ConfigMap',
  src: EnvSources,
  ref: { name: string; key: string; optional?: boolean },
  ns: string,
): string | undefined {
  const data = kind === 'Secret' ? src.secret(ref.name) : src.configMap(ref.name);
  if (!data) {
    if (ref.optional) return undefined;
    throw new ConfigError(`${kind === 'Secret' ? 'secret' : 'configmap'} "${ref.name}" not found`);
  }
  const v = data[ref.key];
  if (v === undefined && !ref.optional)
    throw new ConfigError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`);
  return v;
}

/** Expands `$(VAR)` from `env` as upstream does (`$$` escapes, unknown references stay). */
export function expandRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name: string | undefined) => {
    if (m === '$$') return '$';
    return name !== undefined && name in env ? (env[name] ?? '') : m;
  });
}

function fromEnvFrom(c: Container, src: EnvSources, out: Record<string, string>): void {
  for (const ef of c.envFrom ?? []) {
    const ref = ef.configMapRef ?? ef.secretRef;
    if (!ref) continue;
    const kind = ef.secretRef ? 'Secret' : 'ConfigMap';
    const data = kind === 'Secret' ? src.secret(ref.name) : src.configMap(ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new ConfigError(
        `${kind === 'Secret' ? 'secret' : 'configmap'} "${ref.name}" not found`,
      );
    }
    for (const [k, v] of Object.entries(data)) out[`${ef.prefix ?? ''}${k}`] = v;
  }
}

function resourceValue(
  pod: Pod,
  c: Container,
  ref: { containerName?: string; resource: string },
): string {
  const target = pod.spec.containers.find((x) => x.name === (ref.containerName || c.name)) ?? c;
  const [kind, name] = ref.resource.split('.') as ['limits' | 'requests', string];
  return target.resources?.[kind]?.[name] ?? '0';
}

/** Resolves a container's environment on top of `base` (service variables, POD_IP, ...). */
export function resolveEnv(
  pod: Pod,
  c: Container,
  src: EnvSources,
  base: Record<string, string>,
): EnvResult {
  const ns = pod.metadata.namespace ?? '';
  try {
    const env: Record<string, string> = { ...base };
    fromEnvFrom(c, src, env);
    for (const e of c.env ?? []) {
      const vf = e.valueFrom;
      let v: string | undefined;
      if (!vf) v = expandRefs(e.value ?? '', env);
      else if (vf.secretKeyRef) v = lookup('Secret', src, vf.secretKeyRef, ns);
      else if (vf.configMapKeyRef) v = lookup('ConfigMap', src, vf.configMapKeyRef, ns);
      else if (vf.fieldRef) v = podFieldValue(pod, vf.fieldRef.fieldPath);
      else if (vf.resourceFieldRef) v = resourceValue(pod, c, vf.resourceFieldRef);
      if (v !== undefined) env[e.name] = v;
    }
    return { ok: true, env };
  } catch (err) {
    if (err instanceof ConfigError) return { ok: false, message: err.message };
    throw err;
  }
}

/** The pod with the IPs the kubelet knows but may not have posted yet (for field references). */
export function withRuntimeIPs(pod: Pod, podIP: string | undefined, hostIP: string): Pod {
  const ips = podIP ? { podIP, podIPs: [{ ip: podIP }] } : {};
  return { ...pod, status: { ...pod.status, ...ips, hostIP, hostIPs: [{ ip: hostIP }] } };
}
