import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAggregate, formatFieldError } from '../field-errors.ts';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  nameErrors,
  validateLabels,
} from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

void test('subdomain: upstream message for Bad_Name', () => {
  assert.deepEqual(isDNS1123Subdomain('Bad_Name'), [SUBDOMAIN_MSG]);
  assert.deepEqual(isDNS1123Subdomain('web.example-1'), []);
  assert.deepEqual(isDNS1123Subdomain('a'.repeat(254)), ['must be no more than 253 characters']);
});

void test('label: dots get their own message; others the regex message', () => {
  assert.deepEqual(isDNS1123Label('a.b'), ['must not contain dots']);
  assert.deepEqual(isDNS1123Label('A'), [LABEL_MSG]);
  assert.deepEqual(isDNS1123Label('1abc'), []);
});

void test('DNS-1035 label rejects a leading digit', () => {
  assert.deepEqual(isDNS1035Label('1abc'), [DNS1035_MSG]);
  assert.deepEqual(isDNS1035Label('abc-1'), []);
});

void test('path segment names', () => {
  assert.deepEqual(isValidPathSegmentName('..'), ["may not be '..'"]);
  assert.deepEqual(isValidPathSegmentName('a/b%c'), ["may not contain '/'", "may not contain '%'"]);
  assert.deepEqual(isValidPathSegmentName('system:admin'), []);
});

void test('generateName prefix may end in a dash', () => {
  assert.deepEqual(nameErrors('subdomain', 'web-', true), []);
  assert.equal(nameErrors('subdomain', 'web-').length, 1);
});

void test('qualified names and label values', () => {
  assert.deepEqual(isQualifiedName('app.kubernetes.io/name'), []);
  assert.deepEqual(isQualifiedName('/x'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('a/b/c'), [
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
  ]);
  assert.deepEqual(isQualifiedName('-x'), [
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('x-'), [
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ]);
});

void test('labels are reported under metadata.labels with the offending key or value', () => {
  const errs = validateLabels({ 'bad key': 'ok', ok: 'bad value' }, 'metadata.labels');
  assert.equal(errs.length, 2);
  assert.match(
    formatFieldError(errs[0]!),
    /^metadata\.labels: Invalid value: "bad key": name part/,
  );
  assert.match(
    formatFieldError(errs[1]!),
    /^metadata\.labels: Invalid value: "bad value": a valid label/,
  );
});

void test('validateObjectMeta: the Bad_Name example from upstream', () => {
  const errs = validateObjectMeta(
    { metadata: { name: 'Bad_Name', namespace: 'default' } },
    { nameRule: 'subdomain', namespaced: true },
  );
  assert.equal(formatAggregate(errs), `metadata.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`);
});

void test('validateObjectMeta: name required, namespace rules', () => {
  const opts = { nameRule: 'subdomain', namespaced: true } as const;
  assert.equal(
    formatAggregate(validateObjectMeta({ metadata: {} }, opts)),
    '[metadata.name: Required value: name or generateName is required, metadata.namespace: Required value]',
  );
  assert.deepEqual(
    validateObjectMeta({ metadata: { generateName: 'x-', namespace: 'a' } }, opts).map(
      formatFieldError,
    ),
    ['metadata.name: Required value: name or generateName is required'],
  );
  const cluster = validateObjectMeta(
    { metadata: { name: 'n', namespace: 'x' } },
    { nameRule: 'label', namespaced: false },
  );
  assert.equal(formatAggregate(cluster), 'metadata.namespace: Forbidden: not allowed on this type');
});

void test('validateObjectMeta: annotations over 256 KiB', () => {
  const errs = validateObjectMeta(
    { metadata: { name: 'n', annotations: { a: 'x'.repeat(256 * 1024) } } },
    { nameRule: 'subdomain', namespaced: false },
  );
  assert.equal(
    formatAggregate(errs),
    'metadata.annotations: Too long: may not be more than 262144 bytes',
  );
});

void test('validateObjectMetaUpdate: no new finalizers while deleting', () => {
  const old = { metadata: { name: 'n', deletionTimestamp: 't', finalizers: ['a'] } };
  const errs = validateObjectMetaUpdate({ metadata: { name: 'n', finalizers: ['a', 'b'] } }, old);
  assert.equal(
    formatAggregate(errs),
    'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b"}',
  );
});
