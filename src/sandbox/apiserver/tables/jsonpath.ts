// The simple JSONPath subset CRD printer columns use: fields, ['quoted'], [n], [*], .*, [?(@.a=="v")].

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: Step[]; op: '==' | '!=' | 'exists'; value: unknown };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads a dotted field name, honouring `\.` escapes; returns the name and the next position. */
function readField(src: string, pos: number): [string, number] {
  let name = '';
  let i = pos;
  while (i < src.length && src[i] !== '.' && src[i] !== '[') {
    if (src[i] === '\\' && i + 1 < src.length) i++;
    name += src[i];
    i++;
  }
  return [name, i];
}

function parseLiteral(text: string): unknown {
  const t = text.trim();
  const quoted = /^'(.*)'$/.exec(t) ?? /^"(.*)"$/.exec(t);
  if (quoted) return quoted[1];
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t);
  if (t !== '' && !Number.isNaN(n)) return n;
  throw new Error(`unsupported literal ${t}`);
}

function parseFilter(body: string): Step {
  const m = /^@(\.[^=!]*?)\s*(==|!=)\s*(.+)$/.exec(body.trim());
  if (m) {
    const [, path = '', op, literal = ''] = m;
    return {
      kind: 'filter',
      path: parseJsonPath(path),
      op: op as '==' | '!=',
      value: parseLiteral(literal),
    };
  }
  const exists = /^@(\.\S+)$/.exec(body.trim());
  if (!exists?.[1]) throw new Error(`unsupported filter ${body}`);
  return { kind: 'filter', path: parseJsonPath(exists[1]), op: 'exists', value: undefined };
}

function parseBracket(inner: string): Step {
  const t = inner.trim();
  if (t === '*') return { kind: 'all' };
  const quoted = /^'(.*)'$/.exec(t) ?? /^"(.*)"$/.exec(t);
  if (quoted) return { kind: 'field', name: quoted[1] ?? '' };
  if (/^-?\d+$/.test(t)) return { kind: 'index', index: Number(t) };
  const filter = /^\?\((.*)\)$/.exec(t);
  if (filter) return parseFilter(filter[1] ?? '');
  throw new Error(`unsupported subscript [${inner}]`);
}

/** Parses a path like `.status.conditions[?(@.type=="Ready")].status`; throws on what it does not support. */
export function parseJsonPath(path: string): Step[] {
  let src = path.trim();
  if (src.startsWith('{') && src.endsWith('}')) src = src.slice(1, -1);
  if (src.startsWith('$')) src = src.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    if (src[i] === '.') {
      if (src[i + 1] === '*') {
        steps.push({ kind: 'all' });
        i += 2;
        continue;
      }
      const [name, next] = readField(src, i + 1);
      if (name) steps.push({ kind: 'field', name });
      i = next;
    } else if (src[i] === '[') {
      const end = src.indexOf(']', src[i + 1] === '?' ? src.indexOf(')', i) : i);
      if (end < 0) throw new Error(`unclosed [ in ${path}`);
      steps.push(parseBracket(src.slice(i + 1, end)));
      i = end + 1;
    } else {
      throw new Error(`unexpected ${src[i]} in ${path}`);
    }
  }
  return steps;
}

function matches(step: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  const found = evaluate(step.path, item);
  if (step.op === 'exists') return found.length > 0;
  const equal = found.length > 0 && found[0] === step.value;
  return step.op === '==' ? equal : found.length > 0 && !equal;
}

function apply(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return isRecord(value) && step.name in value ? [value[step.name]] : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const i = step.index < 0 ? value.length + step.index : step.index;
      return i >= 0 && i < value.length ? [value[i]] : [];
    }
    case 'all':
      if (Array.isArray(value)) return value;
      return isRecord(value) ? Object.values(value) : [];
    case 'filter':
      return Array.isArray(value) ? value.filter((item) => matches(step, item)) : [];
  }
}

/** Every value a parsed path selects in `root`; missing keys select nothing. */
export function evaluate(steps: Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) current = current.flatMap((v) => apply(step, v));
  return current;
}
