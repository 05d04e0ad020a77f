// Generic metadata validation (apimachinery api/validation/objectmeta.go) for the lead's store.
import { forbidden, invalid, required, tooLong } from '../field-errors.ts';
import type { FieldError, KubeObject } from '../types.ts';
import type { NameRule } from './names.ts';
import { isDNS1123Label, isQualifiedName, nameErrors, validateLabels } from './names.ts';
import { goStrings } from './util.ts';

/** Upper bound of the summed length of annotation keys and values (256 KiB). */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Options of `validateObjectMeta`. */
export interface ObjectMetaOptions {
  nameRule: NameRule;
  namespaced: boolean;
}

/** Upstream's `ValidateAnnotations`: keys are qualified names (any case), total size ≤ 256 KiB. */
export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  if (typeof annotations !== 'object' || annotations === null) return [];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(invalid(field, k, m));
    size += Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : '');
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT)
    errs.push(tooLong(field, '', TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** Errors of `metadata` on create: name (or generateName), namespace, labels, annotations. */
export function validateObjectMeta(obj: KubeObject, opts: ObjectMetaOptions): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [];
  if (m.generateName) {
    for (const msg of nameErrors(opts.nameRule, m.generateName, true)) {
      errs.push(invalid('metadata.generateName', m.generateName, msg));
    }
  }
  if (!m.name) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of nameErrors(opts.nameRule, m.name)) {
      errs.push(invalid('metadata.name', m.name, msg));
    }
  }
  errs.push(...validateCommonMeta(obj, opts.namespaced));
  return errs;
}

/** The parts of metadata validated the same on create and update. */
function validateCommonMeta(obj: KubeObject, namespaced: boolean): FieldError[] {
  const m = obj.metadata;
  const errs: FieldError[] = [];
  if (namespaced) {
    if (!m.namespace) errs.push(required('metadata.namespace', ''));
    else {
      for (const msg of isDNS1123Label(m.namespace)) {
        errs.push(invalid('metadata.namespace', m.namespace, msg));
      }
    }
  } else if (m.namespace) {
    errs.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  errs.push(...validateFinalizers(m.finalizers, 'metadata.finalizers'));
  return errs;
}

/** Finalizer names are qualified names; `orphan` and `foregroundDeletion` exclude each other. */
export function validateFinalizers(finalizers: unknown, field: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const names = finalizers.filter((f): f is string => typeof f === 'string');
  const errs = names.flatMap((f) => isQualifiedName(f).map((msg) => invalid(field, f, msg)));
  if (names.includes('orphan') && names.includes('foregroundDeletion')) {
    errs.push(
      invalid(
        field,
        goStrings(names),
        'finalizer orphan and foregroundDeletion cannot be both set',
      ),
    );
  }
  return errs;
}

/** Errors of `metadata` on update: labels, annotations and finalizers of the new object. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata;
  if (old.metadata.deletionTimestamp) {
    const before = new Set(old.metadata.finalizers ?? []);
    const extra = [...new Set(m.finalizers ?? [])].filter((f) => !before.has(f)).sort();
    if (extra.length > 0) {
      const list = goStrings(extra).text;
      errs.push(
        forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers ${list}`,
        ),
      );
    }
  }
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  errs.push(...validateFinalizers(m.finalizers, 'metadata.finalizers'));
  return errs;
}
