// Admission of CustomResourceDefinitions: defaulting and validation as the apiextensions
// apiserver does (v1 defaults, ValidateCustomResourceDefinition and its update variant).
import { forbidden, invalid, notSupported, required } from '../field-errors.ts';
import { isDNS1035Label, isDNS1123Subdomain } from '../strategies/names.ts';
import type { FieldError } from '../types.ts';
import { validateCrdSchema } from './crd-schema.ts';
import type { Crd, CrdNames, CrdSpec, CrdVersion } from './crd-types.ts';
import { canonicalJson } from './schema-types.ts';

/** Applies apiextensions v1 defaults in place: singular, listKind, conversion strategy. */
export function defaultCrd(crd: Crd): Crd {
  const spec = crd.spec;
  const names = (spec.names ??= {});
  if (!names.singular && names.kind) names.singular = names.kind.toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  for (const v of spec.versions ?? []) {
    v.served ??= false;
    v.storage ??= false;
  }
  return crd;
}

/** The version marked `storage: true`, if exactly that one exists. */
export function storageVersion(spec: CrdSpec): string | undefined {
  const stored = (spec.versions ?? []).filter((v) => v.storage);
  return stored.length === 1 ? stored[0]?.name : undefined;
}

/** Field errors of a CRD on create (run after defaultCrd). */
export function validateCrd(crd: Crd): FieldError[] {
  const spec = crd.spec;
  return [
    ...validateCrdName(crd),
    ...validateApprovalAnnotation(crd),
    ...validateSpec(spec),
    ...validateStoredVersions(crd),
  ];
}

/** Field errors of a CRD update: create rules plus immutable group, plural, scope and kind. */
export function validateCrdUpdate(crd: Crd, old: Crd): FieldError[] {
  const errs = validateCrd(crd);
  const immutable = (field: string, a: unknown, b: unknown) => {
    if (a !== b) errs.push(invalid(field, a, 'field is immutable'));
  };
  immutable('spec.group', crd.spec.group, old.spec.group);
  immutable('spec.names.plural', crd.spec.names?.plural, old.spec.names?.plural);
  const established = old.status?.conditions?.some(
    (c) => c.type === 'Established' && c.status === 'True',
  );
  if (established) {
    immutable('spec.scope', crd.spec.scope, old.spec.scope);
    immutable('spec.names.kind', crd.spec.names?.kind, old.spec.names?.kind);
  }
  return errs;
}

function validateCrdName(crd: Crd): FieldError[] {
  const name = crd.metadata.name ?? '';
  if (!name) return [required('metadata.name', 'name or generateName is required')];
  const msgs = isDNS1123Subdomain(name);
  if (name !== `${crd.spec.names?.plural ?? ''}.${crd.spec.group ?? ''}`) {
    msgs.push('must be spec.names.plural+"."+spec.group');
  }
  return msgs.map((m) => invalid('metadata.name', name, m));
}

const APPROVAL = 'api-approved.kubernetes.io';

/** Groups under k8s.io and kubernetes.io need the API-review approval annotation. */
function validateApprovalAnnotation(crd: Crd): FieldError[] {
  const group = crd.spec.group ?? '';
  const isProtected = ['k8s.io', 'kubernetes.io'].some(
    (d) => group === d || group.endsWith(`.${d}`),
  );
  if (!isProtected || crd.metadata.annotations?.[APPROVAL]) return [];
  const field = `metadata.annotations[${APPROVAL}]`;
  return [
    required(
      field,
      `protected groups must have approval annotation "${APPROVAL}", see https://github.com/kubernetes/enhancements/pull/1111`,
    ),
  ];
}

function validateSpec(spec: CrdSpec): FieldError[] {
  const errs: FieldError[] = [...validateGroup(spec.group)];
  if (!spec.scope) errs.push(required('spec.scope'));
  else if (spec.scope !== 'Cluster' && spec.scope !== 'Namespaced') {
    errs.push(notSupported('spec.scope', spec.scope, ['Cluster', 'Namespaced']));
  }
  errs.push(...validateVersions(spec.versions ?? []));
  errs.push(...validateNames(spec.names ?? {}));
  errs.push(...validateConversion(spec));
  return errs;
}

function validateGroup(group: string | undefined): FieldError[] {
  if (!group) return [required('spec.group')];
  const msgs = isDNS1123Subdomain(group);
  if (msgs.length) return [invalid('spec.group', group, msgs.join(','))];
  if (group.split('.').length < 2) {
    return [invalid('spec.group', group, 'should be a domain with at least one dot')];
  }
  return [];
}

function validateVersions(versions: CrdVersion[]): FieldError[] {
  const errs: FieldError[] = [];
  versions.forEach((v, i) => {
    const msgs = isDNS1035Label(v.name ?? '');
    if (msgs.length) errs.push(invalid(`spec.versions[${i}].name`, v.name ?? '', msgs.join(',')));
  });
  errs.push(...validateSchemas(versions));
  const names = versions.map((v) => v.name);
  if (new Set(names).size !== names.length) {
    errs.push(invalid('spec.versions', versions, 'must contain unique version names'));
  }
  if (versions.filter((v) => v.storage).length !== 1) {
    const msg = 'must have exactly one version marked as storage version';
    errs.push(invalid('spec.versions', versions, msg));
  }
  return errs;
}

/**
 * Schemas are required; identical per-version schemas are validated once under
 * `spec.validation` because apiextensions converts them to its top-level field internally.
 */
function validateSchemas(versions: CrdVersion[]): FieldError[] {
  const schemas = versions.map((v) => v.schema?.openAPIV3Schema);
  const missing = schemas.flatMap((s, i) =>
    s ? [] : [required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required')],
  );
  if (missing.length) return missing;
  const first = schemas[0];
  const same = first && schemas.every((s) => canonicalJson(s) === canonicalJson(first));
  if (same) return validateCrdSchema(first, 'spec.validation.openAPIV3Schema');
  return schemas.flatMap((s, i) =>
    s ? validateCrdSchema(s, `spec.versions[${i}].schema.openAPIV3Schema`) : [],
  );
}

function validateNames(n: CrdNames): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['plural', 'singular', 'kind', 'listKind'] as const) {
    if (!n[key]) errs.push(required(`spec.names.${key}`));
  }
  const label = (field: string, v: string | undefined, mixed = false) => {
    if (!v) return;
    const msgs = isDNS1035Label(mixed ? v.toLowerCase() : v);
    if (msgs.length === 0) return;
    const prefix = mixed ? 'may have mixed case, but should otherwise match: ' : '';
    errs.push(invalid(field, v, prefix + msgs.join(',')));
  };
  label('spec.names.plural', n.plural);
  label('spec.names.singular', n.singular);
  label('spec.names.kind', n.kind, true);
  label('spec.names.listKind', n.listKind, true);
  n.shortNames?.forEach((s, i) => label(`spec.names.shortNames[${i}]`, s));
  if (n.kind && n.kind === n.listKind) {
    errs.push(invalid('spec.names.listKind', n.listKind, 'kind and listKind may not be the same'));
  }
  n.categories?.forEach((c, i) => label(`spec.names.categories[${i}]`, c));
  return errs;
}

function validateConversion(spec: CrdSpec): FieldError[] {
  const c = spec.conversion;
  if (!c) return [];
  if (!c.strategy) return [required('spec.conversion.strategy')];
  if (c.strategy !== 'None' && c.strategy !== 'Webhook') {
    return [notSupported('spec.conversion.strategy', c.strategy, ['None', 'Webhook'])];
  }
  if (c.strategy === 'None' && c.webhook !== undefined) {
    return [
      forbidden('spec.conversion.webhook', 'should not be set when strategy is not set to Webhook'),
    ];
  }
  if (c.strategy === 'Webhook' && c.webhook === undefined) {
    return [required('spec.conversion.webhook', 'required when strategy is set to Webhook')];
  }
  return [];
}

/** status.storedVersions must include the storage version and only name existing versions. */
function validateStoredVersions(crd: Crd): FieldError[] {
  const stored = crd.status?.storedVersions;
  if (stored === undefined) return [];
  const field = 'status.storedVersions';
  if (stored.length === 0) return [invalid(field, stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const names = new Set((crd.spec.versions ?? []).map((v) => v.name));
  for (const v of crd.spec.versions ?? []) {
    if (v.storage && v.name && !stored.includes(v.name)) {
      errs.push(invalid(field, v, `must have the storage version ${v.name}`));
    }
  }
  stored.forEach((s, i) => {
    if (!names.has(s)) errs.push(invalid(`${field}[${i}]`, s, 'must appear in spec.versions'));
  });
  return errs;
}
