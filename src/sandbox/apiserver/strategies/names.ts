// Name, label and annotation validation with upstream's messages (apimachinery util/validation).
import { invalid, required } from '../field-errors.ts';
import type { FieldError } from '../types.ts';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;

const full = (fmt: string): RegExp => new RegExp(`^${fmt}$`);
const labelRe = full(DNS1123_LABEL);
const subdomainRe = full(DNS1123_SUBDOMAIN);
const dns1035Re = full(DNS1035_LABEL);
const qualifiedRe = full(QUALIFIED_NAME);
const labelValueRe = full(LABEL_VALUE);

/** Upstream's `RegexError`: message, examples and the regex. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

/** Upstream's `MaxLenError`. */
export const maxLenError = (n: number): string => `must be no more than ${n} characters`;

/** Errors of a DNS-1123 label (namespace names, container names, ...). */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!labelRe.test(v)) {
    errs.push(
      subdomainRe.test(v)
        ? 'must not contain dots'
        : regexError(
            'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or ' +
              "'-', and must start and end with an alphanumeric character",
            DNS1123_LABEL,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errs;
}

/** Errors of a DNS-1123 subdomain (most object names). */
export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!subdomainRe.test(v)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or " +
          "'.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

/** Errors of a DNS-1035 label (Service names). */
export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!dns1035Re.test(v)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an " +
          'alphabetic character, and end with an alphanumeric character',
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** Errors of a name used as a URL path segment (RBAC objects). */
export function isValidPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  return ['/', '%'].filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`);
}

const QUALIFIED_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Errors of a qualified name (label and annotation keys): optional DNS prefix, then name. */
export function isQualifiedName(v: string): string[] {
  const parts = v.split('/');
  const errs: string[] = [];
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(QUALIFIED_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}` +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qualifiedRe.test(name)) {
    errs.push(
      `name part ${regexError(QUALIFIED_MSG, QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`,
    );
  }
  return errs;
}

/** Errors of a label value. */
export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(v)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or " +
          "'.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

/** Which rule validates `metadata.name` of a kind. */
export type NameRule = 'subdomain' | 'label' | 'dns1035-label' | 'path-segment';

/** Validates a name (or a generateName prefix, whose trailing dash is allowed) by rule. */
export function nameErrors(rule: NameRule, name: string, prefix = false): string[] {
  const v = prefix && rule !== 'path-segment' ? name.replace(/-$/, 'a') : name;
  switch (rule) {
    case 'subdomain':
      return isDNS1123Subdomain(v);
    case 'label':
      return isDNS1123Label(v);
    case 'dns1035-label':
      return isDNS1035Label(v);
    case 'path-segment':
      return isValidPathSegmentName(v);
  }
}

/** Upstream's `ValidateLabels`: keys are qualified names, values label values. */
export function validateLabels(labels: unknown, field: string): FieldError[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of isQualifiedName(k)) errs.push(invalid(field, k, m));
    const value = typeof v === 'string' ? v : String(v);
    for (const m of isValidLabelValue(value)) errs.push(invalid(field, value, m));
  }
  return errs;
}

/** Field-level check of a name by rule, e.g. a container name (`Required value` when empty). */
export function validateName(rule: NameRule, value: unknown, field: string): FieldError[] {
  if (typeof value !== 'string' || value === '') return [required(field, '')];
  return nameErrors(rule, value).map((m) => invalid(field, value, m));
}
