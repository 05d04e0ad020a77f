// Standard 5-field cron schedule checking with the parser's (robfig/cron v3) error texts.

const DESCRIPTORS = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];
const BOUNDS: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 6],
];
const NAMES: readonly (readonly string[])[] = [
  [],
  [],
  [],
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
];

function parseValue(s: string, names: readonly string[], offset: number): number {
  const i = names.indexOf(s.toLowerCase());
  if (i >= 0) return i + offset;
  if (!/^\d+$/.test(s))
    throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function checkRange(expr: string, field: number): void {
  const [lo, hi] = BOUNDS[field] ?? [0, 0];
  const names = NAMES[field] ?? [];
  const offset = field === 3 ? 1 : 0;
  const [rangePart = '', step] = expr.split('/');
  if (step !== undefined && !/^\d+$/.test(step)) {
    throw new Error(
      `failed to parse int from ${step}: strconv.Atoi: parsing "${step}": invalid syntax`,
    );
  }
  if (rangePart === '*' || rangePart === '?') return;
  const [a = '', b] = rangePart.split('-');
  const start = parseValue(a, names, offset);
  const end = b === undefined ? start : parseValue(b, names, offset);
  if (start < lo) throw new Error(`beginning of range (${start}) below minimum (${lo}): ${expr}`);
  if (end > hi) throw new Error(`end of range (${end}) above maximum (${hi}): ${expr}`);
  if (start > end)
    throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
}

/** The parser error for a schedule, or undefined when it parses. */
export function cronError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (s.startsWith('@')) {
    if (DESCRIPTORS.includes(s) || /^@every \S+$/.test(s)) return undefined;
    return `unrecognized descriptor: ${s}`;
  }
  const fields = s.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) {
    return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  }
  try {
    fields.forEach((f, i) => f.split(',').forEach((part) => checkRange(part, i)));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
