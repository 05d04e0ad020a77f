// Mutating admission of pods on create: ServiceAccount, DefaultTolerationSeconds, Priority.
import type { StrategyContext } from '../strategy.ts';
import type { Obj } from './util.ts';
import { isObj, objList, setDefault, str } from './util.ts';

/** Where the service-account token volume is mounted in each container. */
export const SA_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** Seconds a pod tolerates not-ready/unreachable nodes by default. */
export const DEFAULT_TOLERATION_SECONDS = 300;

const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Five characters from upstream's random-name alphabet. */
export function randomSuffix(random: () => number = Math.random): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += RAND_ALPHABET[Math.floor(random() * RAND_ALPHABET.length)];
  return s;
}

/** The projected token volume the ServiceAccount admission plugin adds. */
export function tokenVolume(name: string): Obj {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        {
          downwardAPI: {
            items: [
              {
                fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                path: 'namespace',
              },
            ],
          },
        },
      ],
    },
  };
}

function wantsToken(spec: Obj, sa: Obj | undefined): boolean {
  if (spec.automountServiceAccountToken === false) return false;
  if (spec.automountServiceAccountToken === true) return true;
  return sa?.automountServiceAccountToken !== false;
}

/** ServiceAccount admission: default SA name and the `kube-api-access-*` token volume. */
export function admitServiceAccount(
  spec: Obj,
  namespace: string | undefined,
  ctx: StrategyContext,
  suffix: () => string,
): void {
  if (!str(spec, 'serviceAccountName')) spec.serviceAccountName = 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const sa = ctx.get('', 'serviceaccounts', namespace, String(spec.serviceAccountName));
  if (!wantsToken(spec, sa)) return;
  const containers = [...objList(spec, 'initContainers'), ...objList(spec, 'containers')];
  const needs = containers.filter(
    (c) => !objList(c, 'volumeMounts').some((m) => m.mountPath === SA_MOUNT_PATH),
  );
  if (needs.length === 0) return;
  const volumes = Array.isArray(spec.volumes) ? (spec.volumes as unknown[]) : [];
  const taken = new Set(volumes.filter(isObj).map((v) => v.name));
  let name = `kube-api-access-${suffix()}`;
  while (taken.has(name)) name = `kube-api-access-${suffix()}`;
  spec.volumes = [...volumes, tokenVolume(name)];
  for (const c of needs) {
    const mounts = Array.isArray(c.volumeMounts) ? (c.volumeMounts as unknown[]) : [];
    c.volumeMounts = [...mounts, { mountPath: SA_MOUNT_PATH, name, readOnly: true }];
  }
}

function tolerates(t: Obj, key: string): boolean {
  const effectOk = t.effect === undefined || t.effect === '' || t.effect === 'NoExecute';
  if (!effectOk) return false;
  if (t.key === undefined || t.key === '') return t.operator === 'Exists';
  return t.key === key;
}

/** DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300 s (configurable), unless tolerated. */
export function admitDefaultTolerations(spec: Obj, seconds = DEFAULT_TOLERATION_SECONDS): void {
  const existing = objList(spec, 'tolerations');
  const added: Obj[] = [];
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (existing.some((t) => tolerates(t, key))) continue;
    added.push({
      effect: 'NoExecute',
      key,
      operator: 'Exists',
      tolerationSeconds: seconds,
    });
  }
  if (added.length > 0) spec.tolerations = [...existing, ...added];
}

const SYSTEM_PRIORITIES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Priority admission: priority from the PriorityClass (0 without one), preemption policy. */
export function admitPriority(spec: Obj, ctx: StrategyContext): void {
  const cls = str(spec, 'priorityClassName');
  if (cls) {
    const pc = ctx.get('scheduling.k8s.io', 'priorityclasses', undefined, cls);
    const value = typeof pc?.value === 'number' ? pc.value : SYSTEM_PRIORITIES[cls];
    if (value !== undefined) setDefault(spec, 'priority', value);
    const policy = pc?.preemptionPolicy;
    if (typeof policy === 'string') setDefault(spec, 'preemptionPolicy', policy);
  }
  setDefault(spec, 'priority', 0);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
}
