// Checks shared by workload kinds: selector vs template labels, non-negative fields, immutability.
import { invalid, required } from '../field-errors.ts';
import { GoLiteral } from '../field-errors.ts';
import type { FieldError } from '../types.ts';
import { validateLabels } from './names.ts';
import { validateAnnotations } from './object-meta.ts';
import { isEmptySelector, selectorMatches } from './selector.ts';
import type { Obj } from './util.ts';
import { goStringMap, objAt, stringMap } from './util.ts';

/** Upstream's `ValidateNonnegativeField`. */
export function nonNegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** A LabelSelector as Go prints a dereferenced pointer value in field errors. */
export function goSelector(selector: Obj | undefined): GoLiteral {
  const ml = stringMap(selector?.matchLabels);
  const labels = ml && Object.keys(ml).length > 0 ? goStringMap(ml).text : 'map[string]string(nil)';
  return new GoLiteral(
    `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`,
  );
}

/**
 * Selector required; template labels must match it. `emptyMsg`, when given, is the kind's text
 * refusing an empty selector (e.g. `empty selector is invalid for statefulset`).
 */
export function validateSelectorAndTemplate(spec: Obj, emptyMsg?: string): FieldError[] {
  const errs: FieldError[] = [];
  const selector = objAt(spec, 'selector');
  if (!selector) errs.push(required('spec.selector', ''));
  else if (emptyMsg !== undefined && isEmptySelector(selector)) {
    errs.push(invalid('spec.selector', goSelector(selector), emptyMsg));
  }
  const meta = objAt(objAt(spec, 'template'), 'metadata');
  const labels = stringMap(meta?.labels) ?? {};
  if (selector && !isEmptySelector(selector) && !selectorMatches(selector, labels)) {
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goStringMap(stringMap(meta?.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validateLabels(meta?.labels, 'spec.template.labels'));
  errs.push(...validateAnnotations(meta?.annotations, 'spec.template.annotations'));
  return errs;
}
