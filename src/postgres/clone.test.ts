import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRewindSourceConninfo, classifyRewind } from './clone.ts';
import { parseLsn } from './lsn.ts';

const result = (code: number | null, stderr: string, stdout = '') => ({
  code,
  signal: code === null ? 'SIGKILL' : null,
  stdout,
  stderr,
});

test('classifies pg_rewind outcomes', () => {
  assert.deepEqual(
    classifyRewind(
      result(
        0,
        [
          'pg_rewind: servers diverged at WAL location 0/302A7F0 on timeline 1',
          'pg_rewind: rewinding from last common checkpoint at 0/2000100 on timeline 1',
          'pg_rewind: Done!',
        ].join('\n'),
      ),
    ),
    { kind: 'rewound', divergedAt: parseLsn('0/302A7F0'), divergedTimeline: 1 },
  );
  assert.deepEqual(classifyRewind(result(0, 'pg_rewind: no rewind required')), {
    kind: 'not-needed',
  });
  const missingWal = classifyRewind(
    result(
      1,
      [
        'pg_rewind: servers diverged at WAL location 0/302A7F0 on timeline 1',
        'pg_rewind: error: could not open file "pg_wal/000000010000000000000002": No such file or directory',
        'pg_rewind: error: could not find previous WAL record at 0/2000100',
      ].join('\n'),
    ),
  );
  assert.equal(missingWal.kind, 'impossible');
  assert.match(
    missingWal.kind === 'impossible' ? missingWal.reason : '',
    /could not find previous WAL record/,
  );
  const noHints = classifyRewind(
    result(
      1,
      'pg_rewind: error: target server needs to use either data checksums or "wal_log_hints = on"',
    ),
  );
  assert.equal(noHints.kind, 'impossible');
  const down = classifyRewind(
    result(
      1,
      'pg_rewind: error: connection to server at "10.0.0.4", port 5432 failed: Connection refused',
    ),
  );
  assert.equal(down.kind, 'failed');
  assert.equal(classifyRewind(result(null, '')).kind, 'failed');
});

test('builds the --source-server conninfo', () => {
  assert.equal(
    buildRewindSourceConninfo({ host: 'pg-0.pg', port: 5432, user: 'repl', password: 'not-here' }),
    "host='pg-0.pg' port='5432' user='repl' dbname='postgres' application_name='steward-rewind' connect_timeout='5'",
  );
});
