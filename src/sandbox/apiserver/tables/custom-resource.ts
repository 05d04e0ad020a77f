// Custom resource rows from a CRD version's additionalPrinterColumns (apiextensions tableconvertor).
import type { KubeObject } from '../types.ts';
import { NAME_COLUMN, col } from './columns.ts';
import type { Printer, TableCell, TableColumnDefinition } from './columns.ts';
import { DESC } from './descriptions.ts';
import { humanDuration } from './duration.ts';
import { evaluate, parseJsonPath } from './jsonpath.ts';

/** One entry of `spec.versions[].additionalPrinterColumns` of a CRD. */
export interface CrdPrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The column upstream serves when a CRD version declares none. */
export const DEFAULT_CRD_COLUMNS: CrdPrinterColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description: DESC.metaCreationTimestamp,
    jsonPath: '.metadata.creationTimestamp',
  },
];

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Go's json.Marshal: map keys sorted, HTML characters escaped. */
function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sorted);
    if (x !== null && typeof x === 'object') {
      const entries = Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, val]) => [k, sorted(val)]));
    }
    return x;
  };
  return JSON.stringify(sorted(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** A string column prints scalars as text and objects or arrays as compact JSON. */
function stringCell(value: unknown): TableCell {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object') return goJson(value);
  return null;
}

/** `cellForJSONValue`: typed cells; a date becomes an age. */
export function typedCell(type: string, value: unknown, now: Date): TableCell {
  switch (type) {
    case 'string':
      return stringCell(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (typeof value !== 'string') return null;
      if (value === '' || value === 'null') return '<unknown>';
      if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) return '<invalid>';
      return humanDuration(now.getTime() - Date.parse(value));
    default:
      return null;
  }
}

function compile(column: CrdPrinterColumn): (obj: KubeObject) => unknown {
  try {
    const steps = parseJsonPath(column.jsonPath);
    return (obj) => evaluate(steps, obj)[0];
  } catch {
    return () => undefined; // upstream validation rejects such paths when the CRD is written
  }
}

/** Builds the printer for a custom resource: Name, then the CRD's columns (Age when it has none). */
export function crdPrinter(columns: CrdPrinterColumn[]): Printer {
  const effective = columns.length > 0 ? columns : DEFAULT_CRD_COLUMNS;
  const defs: TableColumnDefinition[] = effective.map((c) => ({
    ...col(
      c.name,
      c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      { type: c.type, format: c.format ?? '' },
    ),
    priority: c.priority ?? 0,
  }));
  const getters = effective.map(compile);
  return {
    columns: [NAME_COLUMN, ...defs],
    cells(obj: KubeObject, now: Date): TableCell[] {
      const cells = effective.map((c, i) => typedCell(c.type, getters[i]?.(obj), now));
      return [obj.metadata.name ?? '', ...cells];
    },
  };
}
