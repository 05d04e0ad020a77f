// Label and field selectors with upstream syntax and errors.
import { badRequest } from './errors.ts';
import type { KubeObject } from './types.ts';

type LabelOp = 'eq' | 'neq' | 'in' | 'notin' | 'exists' | '!exists' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

/** Splits on commas that are not inside parentheses. */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const SET_RE = /^(\S+)\s+(in|notin)\s+\((.*)\)$/;
const BINARY_RE = /^([^=!<>\s]+)\s*(==|!=|=|<|>)\s*(\S*)$/;

function parseOne(term: string): LabelRequirement {
  const set = SET_RE.exec(term);
  if (set) {
    const values = (set[3] ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { key: set[1] ?? '', op: set[2] === 'in' ? 'in' : 'notin', values };
  }
  if (term.startsWith('!')) return { key: term.slice(1).trim(), op: '!exists', values: [] };
  const bin = BINARY_RE.exec(term);
  if (bin) {
    const op = bin[2] === '!=' ? 'neq' : bin[2] === '<' ? 'lt' : bin[2] === '>' ? 'gt' : 'eq';
    return { key: bin[1] ?? '', op, values: [bin[3] ?? ''] };
  }
  if (/^[A-Za-z0-9_./-]+$/.test(term)) return { key: term, op: 'exists', values: [] };
  throw badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
}

/** Parses a label selector string (`a=b,c!=d,e in (f,g),!h`). */
export function parseLabelSelector(s: string | undefined): LabelRequirement[] {
  if (!s) return [];
  return splitTop(s).map(parseOne);
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(
  reqs: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.hasOwn(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case 'eq':
        return has && v === r.values[0];
      case 'neq':
        return !has || v !== r.values[0];
      case 'in':
        return has && r.values.includes(v ?? '');
      case 'notin':
        return !has || !r.values.includes(v ?? '');
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'gt':
        return has && Number(v) > Number(r.values[0]);
      case 'lt':
        return has && Number(v) < Number(r.values[0]);
    }
  });
}

/** A label selector object (`matchLabels` + `matchExpressions`) as stored in specs. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Converts a LabelSelector object to requirements (an empty selector matches everything). */
export function selectorObjectToRequirements(
  sel: LabelSelectorObject | undefined,
): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(sel?.matchLabels ?? {}))
    reqs.push({ key, op: 'eq', values: [value] });
  for (const e of sel?.matchExpressions ?? []) {
    const op: LabelOp =
      e.operator === 'In'
        ? 'in'
        : e.operator === 'NotIn'
          ? 'notin'
          : e.operator === 'Exists'
            ? 'exists'
            : '!exists';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

/** Renders a LabelSelector object as a selector string (`app=web,tier in (a,b)`). */
export function formatSelectorObject(sel: LabelSelectorObject | undefined): string {
  return selectorObjectToRequirements(sel)
    .map((r) => {
      switch (r.op) {
        case 'eq':
          return `${r.key}=${r.values[0]}`;
        case 'neq':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${r.values.join(',')})`;
        case 'notin':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'exists':
          return r.key;
        case '!exists':
          return `!${r.key}`;
        case 'gt':
        case 'lt':
          return r.key;
      }
    })
    .join(',');
}

export interface FieldRequirement {
  field: string;
  op: 'eq' | 'neq';
  value: string;
}

/** Parses a field selector (`a=b,c!=d`); only =, ==, != are allowed. */
export function parseFieldSelector(s: string | undefined): FieldRequirement[] {
  if (!s) return [];
  return splitTop(s).map((term) => {
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(term);
    if (!m) throw badRequest(`invalid selector: '${s}'; can't understand '${term}'`);
    return {
      field: (m[1] ?? '').trim(),
      op: m[2] === '!=' ? 'neq' : 'eq',
      value: (m[3] ?? '').trim(),
    };
  });
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Fields each kind supports in field selectors (upstream's field label conversion funcs). */
const KIND_FIELDS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  'events.k8s.io/events': [
    'regarding.kind',
    'regarding.namespace',
    'regarding.name',
    'regarding.uid',
    'reason',
    'type',
  ],
  '/nodes': ['spec.unschedulable'],
  '/secrets': ['type'],
  '/namespaces': ['status.phase'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
  'certificates.k8s.io/certificatesigningrequests': ['spec.signerName'],
};

/** Checks fields against the kind's supported set; 400 with upstream's message otherwise. */
export function checkFieldSelector(
  reqs: FieldRequirement[],
  resKey: string,
  plural: string,
  raw: string,
  labelSelector: string,
): void {
  const allowed = [...COMMON_FIELDS, ...(KIND_FIELDS[resKey] ?? [])];
  for (const r of reqs) {
    if (!allowed.includes(r.field)) {
      throw badRequest(
        `Unable to find "${plural}" that match label selector "${labelSelector}", field selector "${raw}": "${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
  }
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'metadata.name') return obj.metadata.name ?? '';
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  if (field === 'status.podIPs') {
    const ips = ((obj.status as { podIPs?: { ip: string }[] } | undefined)?.podIPs ?? []).map(
      (p) => p.ip,
    );
    return ips.join(',');
  }
  if (field === 'source') {
    return String((obj as { source?: { component?: string } }).source?.component ?? '');
  }
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
  }
  if (cur === undefined || cur === null) {
    if (field === 'spec.hostNetwork' || field === 'spec.unschedulable') return 'false';
    return '';
  }
  return typeof cur === 'string' ? cur : JSON.stringify(cur);
}

/** Whether the object satisfies every field requirement. */
export function matchesFields(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => {
    const v = fieldValue(obj, r.field);
    if (r.field === 'status.podIPs') return (r.op === 'eq') === v.split(',').includes(r.value);
    return r.op === 'eq' ? v === r.value : v !== r.value;
  });
}
