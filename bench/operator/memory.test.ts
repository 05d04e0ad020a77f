import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peakIn, procStatusBytes, promValue, RssSampler } from './memory.ts';

const STATUS = [
  'Name:\tnode',
  'VmPeak:\t 1234567 kB',
  'VmHWM:\t  150000 kB',
  'VmRSS:\t  120000 kB',
  'Threads:\t11',
].join('\n');

test('procStatusBytes reads VmRSS and VmHWM in bytes', () => {
  assert.equal(procStatusBytes(STATUS, 'VmRSS'), 120000 * 1024);
  assert.equal(procStatusBytes(STATUS, 'VmHWM'), 150000 * 1024);
  assert.equal(procStatusBytes('Name:\tx\n', 'VmRSS'), null);
});

test('promValue takes an unlabelled sample, not one with a longer name', () => {
  const text = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    'process_resident_memory_bytes_extra 1',
    'process_resident_memory_bytes 98304000',
    'steward_reconciles_total 42',
    'nodejs_heap_size_used_bytes 2.5e7',
  ].join('\n');
  assert.equal(promValue(text, 'process_resident_memory_bytes'), 98304000);
  assert.equal(promValue(text, 'steward_reconciles_total'), 42);
  assert.equal(promValue(text, 'nodejs_heap_size_used_bytes'), 25_000_000);
  assert.equal(promValue(text, 'steward_leader'), null);
});

test('peakIn takes the largest reading inside the window', () => {
  const s = [
    { at: 0, bytes: 5 },
    { at: 10, bytes: 9 },
    { at: 20, bytes: 7 },
    { at: 30, bytes: 12 },
  ];
  assert.equal(peakIn(s, 5, 25), 9);
  assert.equal(peakIn(s, 0, 100), 12);
  assert.equal(peakIn(s, 40, 50), null);
});

test('RssSampler reads at once and on demand, skipping readings of a gone process', () => {
  const readings = [100, null, 300];
  let t = 0;
  const sampler = new RssSampler({
    readRss: () => readings.shift() ?? null,
    now: () => t++,
    everyMs: 60_000,
  });
  sampler.sample();
  sampler.sample();
  sampler.stop();
  assert.deepEqual(sampler.samples, [
    { at: 0, bytes: 100 },
    { at: 1, bytes: 300 },
  ]);
});
