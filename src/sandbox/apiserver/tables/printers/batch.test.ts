import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import { cronJobPrinter, jobPrinter } from './batch.ts';

const NOW = new Date('2024-06-01T12:00:00Z');
const meta = { name: 'backup', namespace: 'db', creationTimestamp: '2024-06-01T11:00:00Z' };
const template = { spec: { containers: [{ name: 'backup', image: 'steward:1' }] } };
const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u1' } };

void test('job columns and a completed job with its duration', () => {
  assert.deepEqual(
    jobPrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Name', 0],
      ['Status', 0],
      ['Completions', 0],
      ['Duration', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
      ['Selector', 1],
    ],
  );
  const job: KubeObject = {
    metadata: meta,
    spec: { completions: 1, parallelism: 1, selector, template },
    status: {
      succeeded: 1,
      startTime: '2024-06-01T11:00:00Z',
      completionTime: '2024-06-01T11:00:42Z',
      conditions: [{ type: 'Complete', status: 'True' }],
    },
  };
  assert.deepEqual(jobPrinter.cells(job, NOW), [
    'backup',
    'Complete',
    '1/1',
    '42s',
    '60m',
    'backup',
    'steward:1',
    'batch.kubernetes.io/controller-uid=u1',
  ]);
});

void test('job status precedence and completions without spec.completions', () => {
  const running: KubeObject = {
    metadata: meta,
    spec: { parallelism: 3, template },
    status: { startTime: '2024-06-01T11:55:00Z' },
  };
  assert.deepEqual(jobPrinter.cells(running, NOW).slice(1, 4), ['Running', '0/1 of 3', '5m']);
  const notStarted: KubeObject = { metadata: meta, spec: { template } };
  assert.deepEqual(jobPrinter.cells(notStarted, NOW).slice(1, 4), ['Running', '0/1', '']);
  const failed: KubeObject = {
    metadata: { ...meta, deletionTimestamp: '2024-06-01T11:59:00Z' },
    spec: { template },
    status: { conditions: [{ type: 'Failed', status: 'True' }] },
  };
  assert.equal(jobPrinter.cells(failed, NOW)[1], 'Failed');
  const deleting: KubeObject = {
    ...failed,
    status: { conditions: [{ type: 'Suspended', status: 'True' }] },
  };
  assert.equal(jobPrinter.cells(deleting, NOW)[1], 'Terminating');
  const suspended: KubeObject = {
    metadata: meta,
    spec: { template },
    status: { conditions: [{ type: 'Suspended', status: 'True' }] },
  };
  assert.equal(jobPrinter.cells(suspended, NOW)[1], 'Suspended');
});

void test('cronjob: SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE', () => {
  const cj: KubeObject = {
    metadata: meta,
    spec: { schedule: '0 * * * *', suspend: false, jobTemplate: { spec: { template } } },
    status: { active: [{ name: 'backup-1' }], lastScheduleTime: '2024-06-01T11:58:00Z' },
  };
  assert.deepEqual(cronJobPrinter.cells(cj, NOW), [
    'backup',
    '0 * * * *',
    '<none>',
    'False',
    1,
    '2m',
    '60m',
    'backup',
    'steward:1',
    '<none>',
  ]);
  const fresh: KubeObject = {
    metadata: meta,
    spec: { schedule: '@daily', timeZone: 'Etc/UTC', jobTemplate: { spec: { template } } },
  };
  assert.deepEqual(cronJobPrinter.cells(fresh, NOW).slice(1, 6), [
    '@daily',
    'Etc/UTC',
    '<unset>',
    0,
    '<none>',
  ]);
  assert.equal(cronJobPrinter.columns[3]?.type, 'boolean');
});
