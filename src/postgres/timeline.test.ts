import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StewardError } from '../lib/errors.ts';
import { parseLsn } from './lsn.ts';
import {
  checkOnHistory,
  historyFileName,
  parseTimelineHistory,
  timelineOfWalFile,
} from './timeline.ts';

const history3 = [
  '1\t0/3000158\tno recovery target specified',
  '',
  '# a comment',
  '2\t0/5000000\tno recovery target specified',
  '',
].join('\n');

test('parses a timeline history file', () => {
  const h = parseTimelineHistory(3, history3);
  assert.deepEqual(h, {
    timeline: 3,
    entries: [
      { timeline: 1, switchLsn: parseLsn('0/3000158'), reason: 'no recovery target specified' },
      { timeline: 2, switchLsn: parseLsn('0/5000000'), reason: 'no recovery target specified' },
    ],
  });
  assert.deepEqual(parseTimelineHistory(1, ''), { timeline: 1, entries: [] });
});

test('rejects malformed history lines', () => {
  for (const bad of ['x\t0/1', '1\tnope', '2\t0/5\n1\t0/6', '1\t0/6\n2\t0/5']) {
    assert.throws(
      () => parseTimelineHistory(3, bad),
      (e: unknown) => e instanceof StewardError && e.code === 'INVALID_TIMELINE_HISTORY',
      bad,
    );
  }
});

test('names history and WAL files', () => {
  assert.equal(historyFileName(2), '00000002.history');
  assert.equal(historyFileName(26), '0000001A.history');
  assert.equal(timelineOfWalFile('0000001A0000000000000005'), 26);
  assert.throws(() => timelineOfWalFile('00000001.history'), StewardError);
});

test('checks whether a WAL point is on a timeline history', () => {
  const h = parseTimelineHistory(3, history3);
  const at = (timeline: number, lsn: string) => checkOnHistory(h, { timeline, lsn: parseLsn(lsn) });
  assert.equal(at(1, '0/3000158').kind, 'on-history');
  assert.equal(at(1, '0/2000000').kind, 'on-history');
  assert.equal(at(2, '0/4000000').kind, 'on-history');
  assert.equal(at(3, '0/9000000').kind, 'on-history');
  const diverged = at(1, '0/3000200');
  assert.equal(diverged.kind, 'diverged');
  assert.equal(
    diverged.sentence,
    '0/3000200 on timeline 1 is past the switch point 0/3000158 to timeline 2: diverged',
  );
  assert.equal(at(2, '0/5000001').kind, 'diverged');
  assert.equal(at(4, '0/1').kind, 'unknown-timeline');
});
