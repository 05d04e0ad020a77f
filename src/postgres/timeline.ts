// Timeline history files (`00000002.history`) and "is this WAL position on that history" checks.
import { StewardError } from '../lib/errors.ts';
import { formatLsn, tryParseLsn, type Lsn } from './lsn.ts';

/** One ancestor line: timeline `timeline` ended (switched) at `switchLsn`. */
export interface TimelineHistoryEntry {
  readonly timeline: number;
  readonly switchLsn: Lsn;
  readonly reason: string;
}

/** The history of `timeline`: its ancestors, oldest first. */
export interface TimelineHistory {
  readonly timeline: number;
  readonly entries: readonly TimelineHistoryEntry[];
}

/** A point in WAL: a timeline and a position on it. */
export interface WalPoint {
  readonly timeline: number;
  readonly lsn: Lsn;
}

/** Where a point lies relative to a timeline's history. */
export type HistoryCheck =
  | { readonly kind: 'on-history'; readonly sentence: string }
  | { readonly kind: 'diverged'; readonly switchLsn: Lsn; readonly sentence: string }
  | { readonly kind: 'unknown-timeline'; readonly sentence: string };

/** `00000002.history` for timeline 2. */
export function historyFileName(timeline: number): string {
  return `${timelineHex(timeline)}.history`;
}

/** The 8-hex-digit timeline prefix of WAL file names. */
export function timelineHex(timeline: number): string {
  return timeline.toString(16).toUpperCase().padStart(8, '0');
}

/** Timeline of a WAL segment file name (`000000030000000000000005` → 3). */
export function timelineOfWalFile(name: string): number {
  if (!/^[0-9A-F]{24}$/.test(name)) {
    throw new StewardError('INVALID_WAL_NAME', `invalid WAL file name "${name}"`);
  }
  return parseInt(name.slice(0, 8), 16);
}

/** Parses the content of timeline `timeline`'s history file. */
export function parseTimelineHistory(timeline: number, content: string): TimelineHistory {
  const entries: TimelineHistoryEntry[] = [];
  for (const [i, raw] of content.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [tliText, lsnText, ...rest] = line.split(/\s+/);
    const tli = Number(tliText);
    const lsn = lsnText === undefined ? undefined : tryParseLsn(lsnText);
    if (!Number.isInteger(tli) || tli <= 0 || lsn === undefined) {
      throw new StewardError(
        'INVALID_TIMELINE_HISTORY',
        `timeline ${timeline} history, line ${i + 1}: expected "<timeline> <X/Y> [reason]", got "${line}"`,
      );
    }
    const prev = entries.at(-1);
    if (prev && (tli <= prev.timeline || lsn < prev.switchLsn)) {
      throw new StewardError(
        'INVALID_TIMELINE_HISTORY',
        `timeline ${timeline} history, line ${i + 1}: timelines and switch points must increase`,
      );
    }
    entries.push({ timeline: tli, switchLsn: lsn, reason: rest.join(' ') });
  }
  return { timeline, entries };
}

/**
 * Whether WAL up to `point` is part of `history`: true when `point` is on the history's own
 * timeline, or on an ancestor at or before the switch point. A former primary whose point fails
 * this check has diverged and must be rewound (or re-cloned) before it may follow.
 */
export function checkOnHistory(history: TimelineHistory, point: WalPoint): HistoryCheck {
  const at = `${formatLsn(point.lsn)} on timeline ${point.timeline}`;
  if (point.timeline === history.timeline) {
    return { kind: 'on-history', sentence: `${at} is on timeline ${history.timeline} itself` };
  }
  const entry = history.entries.find((e) => e.timeline === point.timeline);
  if (!entry) {
    return {
      kind: 'unknown-timeline',
      sentence: `${at}: timeline ${point.timeline} is not an ancestor of timeline ${history.timeline}`,
    };
  }
  if (point.lsn <= entry.switchLsn) {
    return {
      kind: 'on-history',
      sentence: `${at} is before timeline ${history.timeline}'s switch point ${formatLsn(entry.switchLsn)}`,
    };
  }
  return {
    kind: 'diverged',
    switchLsn: entry.switchLsn,
    sentence: `${at} is past the switch point ${formatLsn(entry.switchLsn)} to timeline ${nextTimeline(history, entry)}: diverged`,
  };
}

function nextTimeline(history: TimelineHistory, entry: TimelineHistoryEntry): number {
  const idx = history.entries.indexOf(entry);
  return history.entries[idx + 1]?.timeline ?? history.timeline;
}
