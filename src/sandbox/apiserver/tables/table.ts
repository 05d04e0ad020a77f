// Builds the `meta.k8s.io/v1` Table that `kubectl get` asks for, as a real 1.32 API server would.
import { BUILTIN_RESOURCES } from '../builtin-resources.ts';
import type { KubeObject, ObjectMeta, ResourceType } from '../types.ts';
import type { Printer, TableCell, TableColumnDefinition, TableRowCondition } from './columns.ts';
import { crdPrinter } from './custom-resource.ts';
import type { CrdPrinterColumn } from './custom-resource.ts';
import { defaultPrinter } from './default-table.ts';
import { printerFor } from './printers/index.ts';

export type { TableCell, TableColumnDefinition, TableRowCondition } from './columns.ts';
export type { CrdPrinterColumn } from './custom-resource.ts';

/** What each row carries besides its cells (the `includeObject` query parameter). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** The metadata-only form of an object that kubectl needs for `-A` and `--show-labels`. */
export interface PartialObjectMetadata {
  kind: 'PartialObjectMetadata';
  apiVersion: 'meta.k8s.io/v1';
  metadata: ObjectMeta;
}

/** One row of a Table. */
export interface TableRow {
  cells: TableCell[];
  conditions?: TableRowCondition[];
  object?: PartialObjectMetadata | KubeObject;
}

/** A `meta.k8s.io/v1` Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

/** Inputs besides the objects. */
export interface BuildTableOptions {
  now: Date;
  includeObject: IncludeObject;
  /** The served CRD version's additionalPrinterColumns; set (even empty) for custom resources. */
  crdColumns?: CrdPrinterColumn[];
  /** The list's resourceVersion, or the object's for a single GET. */
  listResourceVersion?: string;
  /** `?continue` token of a paginated list. */
  continueToken?: string;
  /** TableOptions.noHeaders: omit column definitions (columnDefinitions is null, as upstream). */
  noHeaders?: boolean;
}

const isBuiltin = (r: ResourceType): boolean =>
  BUILTIN_RESOURCES.some((b) => b.group === r.group && b.kind === r.kind);

/** Chooses upstream's table convertor for a resource. */
export function printerForResource(
  resource: ResourceType,
  crdColumns: CrdPrinterColumn[] | undefined,
): Printer {
  if (crdColumns !== undefined) return crdPrinter(crdColumns);
  const builtin = printerFor(resource.group, resource.kind);
  if (builtin) return builtin;
  // Built-ins without a printer (Role, ClusterRole, CRDs…) use the default convertor;
  // anything else is a custom resource whose CRD declares no columns.
  return isBuiltin(resource) ? defaultPrinter : crdPrinter([]);
}

/** The metadata-only form of an object. */
export function partialObjectMetadata(obj: KubeObject): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function rowObject(
  obj: KubeObject,
  include: IncludeObject,
): PartialObjectMetadata | KubeObject | undefined {
  switch (include) {
    case 'None':
      return undefined;
    case 'Metadata':
      return partialObjectMetadata(obj);
    case 'Object':
      return obj;
  }
}

function buildRow(printer: Printer, obj: KubeObject, opts: BuildTableOptions): TableRow {
  const row: TableRow = { cells: printer.cells(obj, opts.now) };
  const conditions = printer.conditions?.(obj);
  if (conditions) row.conditions = conditions;
  const object = rowObject(obj, opts.includeObject);
  if (object) row.object = object;
  return row;
}

/** Turns objects of one resource into the Table a 1.32 API server returns (all columns, as with Wide). */
export function buildTable(
  resource: ResourceType,
  objects: KubeObject[],
  opts: BuildTableOptions,
): Table {
  const printer = printerForResource(resource, opts.crdColumns);
  const metadata: Table['metadata'] = {};
  if (opts.listResourceVersion !== undefined) metadata.resourceVersion = opts.listResourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.noHeaders ? null : printer.columns,
    rows: objects.map((obj) => buildRow(printer, obj, opts)),
  };
}
