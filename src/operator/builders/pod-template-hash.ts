// A hash of what, when changed, requires an instance to restart (image and resources), stamped
// on the pod template so the operator can tell which pods (updated OnDelete) are outdated.
import { createHash } from 'node:crypto';
import { instanceImage, type PostgresCluster } from '../../api/postgres-cluster.ts';
import { buildResources } from './container.ts';

/** Pod (template) annotation holding `buildPodTemplateHash`. */
export const POD_TEMPLATE_HASH_ANNOTATION = 'steward.dev/pod-template-hash';

/** JSON with object keys sorted, so that equal values always serialize alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * 16 hex characters of SHA-256 over the image and the resources. Restart-requiring PostgreSQL
 * parameters are not part of it: they live in the cluster object and the agents report
 * `pendingRestart`.
 */
export function buildPodTemplateHash(cluster: PostgresCluster): string {
  const input = { image: instanceImage(cluster.spec), resources: buildResources(cluster) };
  return createHash('sha256').update(canonicalJson(input)).digest('hex').slice(0, 16);
}
