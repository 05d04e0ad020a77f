// metav1.LabelSelector matching (matchLabels and matchExpressions) for workload validation.
import type { Obj } from './util.ts';
import { objList, stringMap } from './util.ts';

function matchesExpression(e: Obj, labels: Record<string, string>): boolean {
  const key = String(e.key);
  const values = Array.isArray(e.values) ? e.values.map(String) : [];
  const has = Object.hasOwn(labels, key);
  switch (e.operator) {
    case 'In':
      return has && values.includes(labels[key] ?? '');
    case 'NotIn':
      return !has || !values.includes(labels[key] ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/** Whether a selector has no requirements (it then matches everything). */
export function isEmptySelector(selector: Obj | undefined): boolean {
  const ml = stringMap(selector?.matchLabels) ?? {};
  return Object.keys(ml).length === 0 && objList(selector, 'matchExpressions').length === 0;
}

/** Whether a label set satisfies a LabelSelector. */
export function selectorMatches(
  selector: Obj | undefined,
  labels: Record<string, string>,
): boolean {
  const ml = stringMap(selector?.matchLabels) ?? {};
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  return objList(selector, 'matchExpressions').every((e) => matchesExpression(e, labels));
}
