// Idempotent create-or-update of an owned object: create when absent, merge-patch the fields we own
// when they differ. Secrets are only ever created, never overwritten.
import type { KubernetesObject } from '@kubernetes/client-node';
import { canonicalJson } from '../builders/pod-template-hash.ts';
import type { ObjectRef, OperatorClient } from '../client.ts';

/** Reference of an object we built. */
export function refOf(obj: KubernetesObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion ?? '',
    kind: obj.kind ?? '',
    namespace: obj.metadata?.namespace ?? '',
    name: obj.metadata?.name ?? '',
  };
}

/** The top-level fields (besides metadata) that we own on each kind. */
const OWNED_FIELDS = ['spec', 'rules', 'roleRef', 'subjects'] as const;

/** What changed between `want` and `have`, as a merge patch; null when nothing did. */
export function planPatch(want: KubernetesObject, have: KubernetesObject): object | null {
  const patch: Record<string, unknown> = {};
  const w = want as Record<string, unknown>;
  const h = have as Record<string, unknown>;
  for (const f of OWNED_FIELDS) {
    if (w[f] !== undefined && !covered(w[f], h[f])) patch[f] = w[f];
  }
  const labels = want.metadata?.labels ?? {};
  const haveLabels = have.metadata?.labels ?? {};
  if (Object.entries(labels).some(([k, v]) => haveLabels[k] !== v)) patch['metadata'] = { labels };
  return Object.keys(patch).length > 0 ? patch : null;
}

/** True when every field of `want` is present with the same value in `have` (defaults ignored). */
export function covered(want: unknown, have: unknown): boolean {
  if (want === null || typeof want !== 'object') return canonicalJson(want) === canonicalJson(have);
  if (Array.isArray(want)) {
    return (
      Array.isArray(have) &&
      have.length === want.length &&
      want.every((x, i) => covered(x, have[i]))
    );
  }
  if (have === null || typeof have !== 'object') return false;
  const h = have as Record<string, unknown>;
  return Object.entries(want as Record<string, unknown>).every(
    ([k, v]) => v === undefined || covered(v, h[k]),
  );
}

/** Creates `want` if absent, else patches the fields that drifted; says what it did. */
export async function ensureObject(
  client: OperatorClient,
  want: KubernetesObject,
  o: {
    createOnly?: boolean;
    patch?: (want: KubernetesObject, have: KubernetesObject) => object | null;
  } = {},
): Promise<'created' | 'patched' | 'unchanged'> {
  const ref = refOf(want);
  const have = await client.get(ref);
  if (!have) {
    await client.create(want);
    return 'created';
  }
  if (o.createOnly) return 'unchanged';
  const patch = (o.patch ?? planPatch)(want, have);
  if (!patch) return 'unchanged';
  await client.patch(ref, patch);
  return 'patched';
}
