// Errors of the strategic merge patch engine and how upstream's apiserver answers each.
import type { ApiError } from '../errors.ts';
import { goFormat } from './json-value.ts';
import { patchBadRequest, patchInternal, patchNotApplicable } from './patch-errors.ts';

/** A strategic merge patch failure; `answer` says which Status upstream turns it into. */
export class SmpError extends Error {
  readonly answer: 'badRequest' | 'invalid' | 'internal';
  constructor(answer: 'badRequest' | 'invalid' | 'internal', message: string) {
    super(message);
    this.answer = answer;
  }
  /** The Status error (interpretStrategicMergePatchError in apiserver handlers/patch.go). */
  toApiError(): ApiError {
    if (this.answer === 'badRequest') return patchBadRequest(this.message);
    if (this.answer === 'invalid') return patchNotApplicable();
    return patchInternal(this.message);
  }
}

export const badPrimitiveList = () =>
  new SmpError('badRequest', 'invalid patch format of primitive list');
export const badRetainKeys = () => new SmpError('badRequest', 'invalid patch format of retainKeys');
export const badSetElementOrder = () =>
  new SmpError('badRequest', 'invalid patch format of setElementOrder list');
export const noListOfLists = () => new SmpError('invalid', 'lists of lists are not supported');
export const noMergeKey = (m: unknown, key: string) =>
  new SmpError('internal', `map: ${goFormat(m)} does not contain declared merge key: ${key}`);
export const badPatchType = (t: unknown, m: unknown) =>
  new SmpError('internal', `unknown patch type: ${goFormat(t)} in map: ${goFormat(m)}`);
export const notAMap = (index: number) =>
  new SmpError('internal', `value for key ${index} is not a map.`);

/** Go's name of a decoded JSON value's type, as reflect.TypeOf prints it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return 'float64';
}

export const badArgType = (expected: string, actual: unknown) =>
  new SmpError('internal', `expected a ${expected}, but received a ${goTypeName(actual)}`);
