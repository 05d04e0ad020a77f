// Event rows for core/v1 and events.k8s.io/v1 (upstream converts both to one internal type).
import type { KubeObject } from '../../types.ts';
import { NAME_COLUMN, col } from '../columns.ts';
import type { Printer, TableCell } from '../columns.ts';
import { DESC } from '../descriptions.ts';
import { parseTimestamp, since } from '../duration.ts';
import { int, str } from '../format.ts';

/** The fields the printer reads, in core/v1 naming. */
interface CoreEvent {
  name: string;
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind?: string; name?: string; fieldPath?: string };
  source: { component?: string; host?: string };
  reportingController: string;
  reportingInstance: string;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  eventTime: unknown;
  count: number;
  series: { count?: number; lastObservedTime?: string } | undefined;
}

type Ref = CoreEvent['involvedObject'];
type Source = CoreEvent['source'];
type Series = CoreEvent['series'];

/** Reads an event of either API group into the core/v1 shape. */
export function toCoreEvent(obj: KubeObject, group: string): CoreEvent {
  const v1 = group === '';
  return {
    name: obj.metadata.name ?? '',
    type: str(obj.type),
    reason: str(obj.reason),
    message: str(v1 ? obj.message : obj.note),
    involvedObject: ((v1 ? obj.involvedObject : obj.regarding) as Ref | undefined) ?? {},
    source: ((v1 ? obj.source : obj.deprecatedSource) as Source | undefined) ?? {},
    reportingController: str(v1 ? obj.reportingComponent : obj.reportingController),
    reportingInstance: str(obj.reportingInstance),
    firstTimestamp: v1 ? obj.firstTimestamp : obj.deprecatedFirstTimestamp,
    lastTimestamp: v1 ? obj.lastTimestamp : obj.deprecatedLastTimestamp,
    eventTime: obj.eventTime,
    count: int(v1 ? obj.count : obj.deprecatedCount),
    series: obj.series as Series,
  };
}

function eventSource(ev: CoreEvent): string {
  const component = ev.source.component || ev.reportingController;
  const instance = ev.source.host || ev.reportingInstance;
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(ev: CoreEvent, now: Date): TableCell[] {
  const first =
    parseTimestamp(ev.firstTimestamp) === undefined
      ? since(ev.eventTime, now)
      : since(ev.firstTimestamp, now);
  let last = parseTimestamp(ev.lastTimestamp) === undefined ? first : since(ev.lastTimestamp, now);
  let count = ev.count;
  if (ev.series) {
    last = since(ev.series.lastObservedTime, now);
    count = int(ev.series.count);
  } else if (count === 0) {
    count = 1; // singleton events of the new API carry no count
  }
  const kind = str(ev.involvedObject.kind).toLowerCase();
  const target = ev.involvedObject.name ? `${kind}/${ev.involvedObject.name}` : kind;
  return [
    last,
    ev.type,
    ev.reason,
    target,
    str(ev.involvedObject.fieldPath),
    eventSource(ev),
    ev.message.trim(),
    first,
    count,
    ev.name,
  ];
}

const columns = [
  col('Last Seen', DESC.evLastTimestamp),
  col('Type', DESC.evType),
  col('Reason', DESC.evReason),
  col('Object', DESC.evInvolvedObject),
  col('Subobject', DESC.evFieldPath, { wide: true }),
  col('Source', DESC.evSource, { wide: true }),
  col('Message', DESC.evMessage),
  col('First Seen', DESC.evFirstTimestamp, { wide: true }),
  col('Count', DESC.evCount, { wide: true }),
  { ...NAME_COLUMN, priority: 1 },
];

/** core/v1 Event printer: LAST SEEN TYPE REASON OBJECT MESSAGE | SUBOBJECT SOURCE FIRST SEEN COUNT NAME. */
export const coreEventPrinter: Printer = {
  columns,
  cells: (obj, now) => eventCells(toCoreEvent(obj, ''), now),
};

/** events.k8s.io/v1 Event printer (same columns). */
export const eventsV1Printer: Printer = {
  columns,
  cells: (obj, now) => eventCells(toCoreEvent(obj, 'events.k8s.io'), now),
};
