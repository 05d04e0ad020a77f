// String formats that CRD schemas validate (apiextensions `supportedVersionedFormats`, checked
// like go-openapi strfmt). Formats outside this set are ignored, as upstream strips them.
import { isIP, isIPv4, isIPv6 } from 'node:net';

const rx = (re: RegExp) => (s: string) => re.test(s);

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})([Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const DURATION_GO = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;
const DURATION_WORDS =
  /^\s*\d+\s*(ns|nano(second)?s?|us|µs|micro(second)?s?|ms|milli(second)?s?|s|sec(ond)?s?|m|min(ute)?s?|h|hours?|d|days?|w|wks?|weeks?)\s*$/i;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]);
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || m[4] === undefined) return false;
  const [h, mi, se] = [Number(m[5]), Number(m[6]), Number(m[7])];
  return isDate(`${m[1]}-${m[2]}-${m[3]}`) && h < 24 && mi < 60 && se < 61;
}

function isCidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (ip === undefined || bits === undefined || rest.length > 0 || !/^\d+$/.test(bits)) {
    return false;
  }
  const v = isIP(ip);
  return v !== 0 && Number(bits) <= (v === 4 ? 32 : 128);
}

function isUri(s: string): boolean {
  if (s.startsWith('/')) return true;
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:\S*$/.test(s);
}

function digits(s: string): string {
  return s.replace(/[\s-]/g, '');
}

const CHECKS: Record<string, (s: string) => boolean> = {
  bsonobjectid: rx(/^[0-9a-f]{24}$/i),
  uri: isUri,
  email: rx(EMAIL),
  hostname: rx(HOSTNAME),
  ipv4: isIPv4,
  ipv6: isIPv6,
  cidr: isCidr,
  mac: rx(MAC),
  uuid: rx(UUID),
  uuid3: rx(UUID3),
  uuid4: rx(UUID4),
  uuid5: rx(UUID5),
  isbn: (s) => /^(\d{9}[\dX]|\d{13})$/.test(digits(s)),
  isbn10: (s) => /^\d{9}[\dX]$/.test(digits(s)),
  isbn13: (s) => /^\d{13}$/.test(digits(s)),
  creditcard: (s) => /^\d{12,19}$/.test(s.replace(/\D/g, '')),
  ssn: rx(/^\d{3}[- ]?\d{2}[- ]?\d{4}$/),
  hexcolor: rx(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/),
  rgbcolor: rx(/^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/),
  byte: rx(BASE64),
  password: () => true,
  date: isDate,
  duration: (s) => DURATION_GO.test(s) || DURATION_WORDS.test(s),
  datetime: isDateTime,
};

/** Normalises a format name as go-openapi does (`date-time` → `datetime`). */
const normalize = (format: string): string => format.replaceAll('-', '').toLowerCase();

/** Whether a CRD schema's `format` is one the apiserver validates (others are stripped). */
export function isSupportedFormat(format: string | undefined): format is string {
  return !!format && normalize(format) in CHECKS;
}

/** Whether `value` satisfies a supported format; unsupported formats accept everything. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[normalize(format)];
  return check ? check(value) : true;
}
