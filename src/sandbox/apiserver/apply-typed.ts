// Server-side apply of fields the schema does not declare. Upstream converts the apply patch to a
// typed object before anything else; that fails whatever `fieldValidation` says, as a reasonless
// 500: `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): .spec.foo: field
// not declared in schema`.
import { ApiError } from './errors.ts';
import type { SchemaHooks } from './hooks.ts';
import type { CustomResourceInfo } from './registry.ts';
import type { KubeObject } from './types.ts';

/** What the check needs to know of the resource being applied to. */
export interface ApplyTarget {
  group: string;
  version: string;
  kind: string;
  custom?: CustomResourceInfo | undefined;
}

/** Throws upstream's typed-patch error when `applied` has fields its schema does not declare. */
export function checkApplyFields(
  target: ApplyTarget,
  applied: KubeObject,
  schema: SchemaHooks,
): void {
  const apiVersion = target.group ? `${target.group}/${target.version}` : target.version;
  const copy = { ...structuredClone(applied), apiVersion, kind: target.kind };
  const unknown = target.custom
    ? schema.defaultAndPruneCustom(copy, target.custom)
    : schema.unknownBuiltinFields(apiVersion, target.kind, copy);
  if (unknown.length === 0) return;
  const errs = unknown.map((p) => `.${p}: field not declared in schema`);
  const detail = errs.length === 1 ? (errs[0] ?? '') : `errors:\n  ${errs.join('\n  ')}`;
  const meta = (applied as { metadata?: { namespace?: string; name?: string } }).metadata ?? {};
  const nn = `${meta.namespace ?? ''}/${meta.name ?? ''}`;
  const gvk = `${target.group}/${target.version}, Kind=${target.kind}`;
  throw new ApiError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `failed to create typed patch object (${nn}; ${gvk}): ${detail}`,
    code: 500,
  });
}
