// Shared column definitions and the printer contract every kind implements.
import type { KubeObject } from '../types.ts';
import { DESC } from './descriptions.ts';

/** One column of a `meta.k8s.io/v1` Table. Priority 1 columns are shown only with `-o wide`. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** A cell value: Go prints strings, int64, bool, float64 or nil. */
export type TableCell = string | number | boolean | null;

/** A row condition (upstream marks finished pods as Completed). */
export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** Renders the rows of one kind (upstream's TableHandler with Wide: true). */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, now: Date): TableCell[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}

/** Builds a column definition; `wide` marks priority 1. */
export function col(
  name: string,
  description: string,
  opts: { type?: string; format?: string; wide?: boolean } = {},
): TableColumnDefinition {
  return {
    name,
    type: opts.type ?? 'string',
    format: opts.format ?? '',
    description,
    priority: opts.wide ? 1 : 0,
  };
}

/** The Name column shared by every printer. */
export const NAME_COLUMN = col('Name', DESC.metaName, { format: 'name' });

/** The Age column shared by most printers. */
export const AGE_COLUMN = col('Age', DESC.metaCreationTimestamp);

/** Columns "Containers" and "Images" (wide) of workload printers. */
export const CONTAINER_COLUMNS = [
  col('Containers', 'Names of each container in the template.', { wide: true }),
  col('Images', 'Images referenced by each container in the template.', { wide: true }),
];
