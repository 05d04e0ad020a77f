// Adapts the table printers to the handler's renderer signature.
import type { TableRenderer } from './handlers.ts';
import { buildTable, type IncludeObject } from './tables/table.ts';

/** Renders Tables with the printers; custom resources use their CRD's printer columns. */
export function renderTable(now: () => Date): TableRenderer {
  return (served, objs, includeObject, listRv) =>
    buildTable(served.type, objs, {
      now: now(),
      includeObject: (['None', 'Metadata', 'Object'].includes(includeObject)
        ? includeObject
        : 'Metadata') as IncludeObject,
      ...(served.custom ? { crdColumns: served.custom.printerColumns } : {}),
      ...(listRv !== undefined ? { listResourceVersion: listRv } : {}),
    });
}
