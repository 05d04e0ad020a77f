// Single-field-group rules of PostgresCluster validation: resources, failover timing, the name.
import { quantityOf } from '../lib/quantity.ts';
import type { FailoverSpec, ResourcesSpec } from './postgres-cluster.ts';
import type { FieldIssue } from './schema-check.ts';

/** client-go's leader election jitter factor: renewDeadline must exceed 1.2 × retryPeriod. */
export const JITTER_FACTOR = 1.2;

/** Quantities non-negative and each request at most its limit, as for a container. */
export function validateResources(resources: ResourcesSpec | undefined): FieldIssue[] {
  if (!resources) return [];
  const issues: FieldIssue[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const [name, value] of Object.entries(resources[kind] ?? {})) {
      const q = quantityOf(value);
      const field = `spec.resources.${kind}.${name}`;
      if (q === undefined) issues.push({ field, reason: `"${value}" is not a quantity` });
      else if (q < 0n) issues.push({ field, reason: 'must be greater than or equal to 0' });
    }
  }
  for (const [name, value] of Object.entries(resources.requests ?? {})) {
    const limit = resources.limits?.[name];
    const q = quantityOf(value);
    const l = limit === undefined ? undefined : quantityOf(limit);
    if (q !== undefined && l !== undefined && q > l) {
      const reason = `must be less than or equal to ${name} limit of ${String(limit)}`;
      issues.push({ field: `spec.resources.requests.${name}`, reason });
    }
  }
  return issues;
}

/** leaseDuration > renewDeadline > 1.2 × retryPeriod, as client-go's leader elector demands. */
export function validateFailover(f: FailoverSpec): FieldIssue[] {
  const at = 'spec.failover';
  const issues: FieldIssue[] = [];
  if (f.leaseDurationSeconds <= f.renewDeadlineSeconds) {
    const reason = `must be greater than renewDeadlineSeconds (${f.renewDeadlineSeconds}): a primary must fence itself before its lease can be taken`;
    issues.push({ field: `${at}.leaseDurationSeconds`, reason });
  }
  if (f.renewDeadlineSeconds <= JITTER_FACTOR * f.retryPeriodSeconds) {
    const reason = `must be greater than ${JITTER_FACTOR} × retryPeriodSeconds (${f.retryPeriodSeconds})`;
    issues.push({ field: `${at}.renewDeadlineSeconds`, reason });
  }
  return issues;
}

/**
 * Longest cluster name: pods are `<name>-<ordinal>` and carry a `controller-revision-hash` label
 * `<name>-<10 characters>`, which must fit a 63-character label value.
 */
export const MAX_CLUSTER_NAME_LENGTH = 52;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** Issues of a cluster name: it names Services (DNS-1035 labels) and StatefulSet pods. */
export function validateClusterName(name: string): FieldIssue[] {
  const field = 'metadata.name';
  if (name.length > MAX_CLUSTER_NAME_LENGTH) {
    return [{ field, reason: `must be no more than ${MAX_CLUSTER_NAME_LENGTH} characters` }];
  }
  if (!DNS1035_LABEL.test(name)) {
    const reason =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    return [{ field, reason }];
  }
  return [];
}
