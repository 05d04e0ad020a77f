// ConfigMap and Secret strategies: key validation, size limits, Secret types, `immutable`.
import { forbidden, invalid, required, tooLong } from '../field-errors.ts';
import type { Strategy } from '../strategy.ts';
import type { FieldError, KubeObject } from '../types.ts';
import { maxLenError, regexError } from './names.ts';
import type { Obj } from './util.ts';
import { deepEqual, isObj, objAt, setDefault } from './util.ts';

/** Upper bound of a ConfigMap's or Secret's data (1 MiB). */
export const MAX_DATA_SIZE = 1024 * 1024;
const IMMUTABLE_MSG = 'field is immutable when `immutable` is set';
const KEY_FMT = '[-._a-zA-Z0-9]+';

/** Upstream's `IsConfigMapKey` messages. */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push(maxLenError(253));
  if (!new RegExp(`^${KEY_FMT}$`).test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        KEY_FMT,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

const byteLen = (v: unknown, base64: boolean): number =>
  typeof v !== 'string' ? 0 : base64 ? Buffer.from(v, 'base64').length : Buffer.byteLength(v);

function validateBags(obj: KubeObject, bags: [string, string, boolean][]): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [bag, other, base64] of bags) {
    const data = objAt(obj, bag) ?? {};
    const otherData = objAt(obj, other) ?? {};
    for (const [k, v] of Object.entries(data)) {
      for (const m of configMapKeyErrors(k)) errs.push(invalid(`${bag}[${k}]`, k, m));
      if (Object.hasOwn(otherData, k))
        errs.push(invalid(`${bag}[${k}]`, k, `duplicate of key present in ${other}`));
      size += byteLen(v, base64);
    }
  }
  if (size > MAX_DATA_SIZE)
    errs.push(
      tooLong(bags[0]?.[0] === 'data' && bags.length === 1 ? 'data' : '', '', MAX_DATA_SIZE),
    );
  return errs;
}

function immutableErrors(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (obj.immutable !== true) errs.push(forbidden('immutable', IMMUTABLE_MSG));
  for (const f of fields) if (!deepEqual(obj[f], old[f])) errs.push(forbidden(f, IMMUTABLE_MSG));
  return errs;
}

/** The ConfigMap strategy. */
export const configMapStrategy: Strategy = {
  nameValidation: 'subdomain',
  validateCreate: (obj) =>
    validateBags(obj, [
      ['data', 'binaryData', false],
      ['binaryData', 'data', true],
    ]),
  validateUpdate: (obj, old) => [
    ...validateBags(obj, [
      ['data', 'binaryData', false],
      ['binaryData', 'data', true],
    ]),
    ...immutableErrors(obj, old, ['data', 'binaryData']),
  ],
};

/** Secret decoding: `stringData` is merged into base64 `data` (as upstream's conversion). */
export function defaultSecret(obj: KubeObject): void {
  setDefault(obj, 'type', 'Opaque');
  const sd = objAt(obj, 'stringData');
  if (!sd) return;
  const data: Obj = isObj(obj.data) ? obj.data : {};
  for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(String(v)).toString('base64');
  obj.data = data;
  delete obj.stringData;
}

const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function secretTypeErrors(obj: KubeObject): FieldError[] {
  const type = String(obj.type);
  const data = objAt(obj, 'data') ?? {};
  const errs = (REQUIRED_KEYS[type] ?? [])
    .filter((k) => !Object.hasOwn(data, k))
    .map((k) => required(`data[${k}]`, ''));
  const saKey = 'kubernetes.io/service-account.name';
  if (type === 'kubernetes.io/service-account-token' && !obj.metadata.annotations?.[saKey]) {
    errs.push(required(`metadata.annotations[${saKey}]`, ''));
  }
  return errs;
}

const validateSecret = (obj: KubeObject): FieldError[] => [
  ...validateBags(obj, [['data', '', true]]),
  ...secretTypeErrors(obj),
];

/** The Secret strategy. */
export const secretStrategy: Strategy = {
  nameValidation: 'subdomain',
  applyDefaults: defaultSecret,
  validateCreate: validateSecret,
  validateUpdate(obj, old): FieldError[] {
    const errs = validateSecret(obj);
    if (obj.type !== old.type) errs.push(invalid('type', obj.type, 'field is immutable'));
    return [...errs, ...immutableErrors(obj, old, ['data'])];
  },
};
