// Formatting helpers shared by printers (labels, selectors, containers, access modes, lists).

/** A LabelSelector as stored in specs. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** `labels.FormatLabels`: sorted `k=v` pairs joined by commas, or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels?.[k] ?? ''}`).join(',');
}

const OPERATORS: Record<string, (key: string, values: string) => string> = {
  In: (k, v) => `${k} in (${v})`,
  NotIn: (k, v) => `${k} notin (${v})`,
  Exists: (k) => k,
  DoesNotExist: (k) => `!${k}`,
};

/**
 * `LabelSelectorAsSelector(sel).String()`: requirements sorted by key, values sorted.
 * Returns undefined when an operator is unknown (upstream's conversion error).
 */
export function selectorString(sel: LabelSelector | undefined): string | undefined {
  const reqs: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(sel?.matchLabels ?? {})) {
    reqs.push({ key, text: `${key}=${value}` });
  }
  for (const e of sel?.matchExpressions ?? []) {
    const render = OPERATORS[e.operator];
    if (!render) return undefined;
    reqs.push({ key: e.key, text: render(e.key, [...(e.values ?? [])].sort().join(',')) });
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(',');
}

/** `metav1.FormatLabelSelector`: the selector string, "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  const s = selectorString(sel);
  if (s === undefined) return '<error>';
  return s === '' ? '<none>' : s;
}

/** A container as far as printers care. */
export interface ContainerLike {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

/** `layoutContainerCells`: container names and images, each joined by commas. */
export function containerCells(containers: ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** `helper.GetAccessModesAsString`: RWO, ROX, RWX, RWOP in that order, without duplicates. */
export function accessModesString(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const out: string[] = [];
  if (set.has('ReadWriteOnce')) out.push('RWO');
  if (set.has('ReadOnlyMany')) out.push('ROX');
  if (set.has('ReadWriteMany')) out.push('RWX');
  if (set.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

/** `net.JoinHostPort`: brackets IPv6 hosts. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Up to three items, then " + N more..."; "<unset>" when there are none (listWithMoreString). */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) {
    return `${items.slice(0, max).join(',')} + ${items.length - max} more...`;
  }
  return items.length === 0 ? '<unset>' : items.join(',');
}

/** An IntOrString as Go's `String()` prints it. */
export function intOrString(v: unknown): string {
  return typeof v === 'number' ? String(Math.trunc(v)) : String(v);
}

/** A number field that may be absent (Go's zero value). */
export const int = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);

/** A string field that may be absent (Go's zero value). */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
