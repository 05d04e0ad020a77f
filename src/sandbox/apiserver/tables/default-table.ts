// Upstream's default table convertor (NAME, CREATED AT) for kinds without a printer.
import type { KubeObject } from '../types.ts';
import { NAME_COLUMN, col } from './columns.ts';
import type { Printer, TableCell } from './columns.ts';
import { DESC } from './descriptions.ts';
import { parseTimestamp } from './duration.ts';

/** creationTimestamp in UTC RFC 3339 without fractions; Go's zero time when unset. */
export function createdAt(ts: unknown): string {
  const t = parseTimestamp(ts);
  if (t === undefined) return '0001-01-01T00:00:00Z';
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Printer for Role, ClusterRole, CustomResourceDefinition and any other kind without one. */
export const defaultPrinter: Printer = {
  columns: [NAME_COLUMN, col('Created At', DESC.metaCreationTimestamp, { type: 'date' })],
  cells(obj: KubeObject): TableCell[] {
    return [obj.metadata.name ?? '', createdAt(obj.metadata.creationTimestamp)];
  },
};
