// ConfigMap, Secret, ServiceAccount and Namespace rows.
import type { KubeObject } from '../../types.ts';
import { AGE_COLUMN, NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { since } from '../duration.ts';
import { str } from '../format.ts';

const keyCount = (v: unknown): number =>
  v !== null && typeof v === 'object' ? Object.keys(v).length : 0;

/** ConfigMap printer: DATA (keys of data plus binaryData) AGE. */
export const configMapPrinter: Printer = {
  columns: [NAME_COLUMN, col('Data', DESC.cmData), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    return [
      obj.metadata.name ?? '',
      keyCount(obj.data) + keyCount(obj.binaryData),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};

/** Secret printer: TYPE DATA AGE (stringData keys count as data, as after decoding). */
export const secretPrinter: Printer = {
  columns: [NAME_COLUMN, col('Type', DESC.secretType), col('Data', DESC.secretData), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const keys = new Set([
      ...Object.keys((obj.data as object | undefined) ?? {}),
      ...Object.keys((obj.stringData as object | undefined) ?? {}),
    ]);
    return [
      obj.metadata.name ?? '',
      str(obj.type),
      keys.size,
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};

/** ServiceAccount printer: SECRETS AGE. */
export const serviceAccountPrinter: Printer = {
  columns: [NAME_COLUMN, col('Secrets', DESC.saSecrets), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const secrets = Array.isArray(obj.secrets) ? obj.secrets.length : 0;
    return [obj.metadata.name ?? '', secrets, since(obj.metadata.creationTimestamp, now)];
  },
};

/** Namespace printer: STATUS AGE. */
export const namespacePrinter: Printer = {
  columns: [NAME_COLUMN, col('Status', 'The status of the namespace'), AGE_COLUMN],
  cells(obj: KubeObject, now: Date): TableCell[] {
    const status = obj.status as { phase?: string } | undefined;
    return [
      obj.metadata.name ?? '',
      str(status?.phase),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
