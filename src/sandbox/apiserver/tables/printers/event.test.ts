import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../types.ts';
import { coreEventPrinter, eventsV1Printer } from './event.ts';

const NOW = new Date('2024-06-01T12:00:00Z');

void test('event columns: NAME is last and wide', () => {
  assert.deepEqual(
    coreEventPrinter.columns.map((c) => [c.name, c.priority]),
    [
      ['Last Seen', 0],
      ['Type', 0],
      ['Reason', 0],
      ['Object', 0],
      ['Subobject', 1],
      ['Source', 1],
      ['Message', 0],
      ['First Seen', 1],
      ['Count', 1],
      ['Name', 1],
    ],
  );
  assert.equal(coreEventPrinter.columns[9]?.format, 'name');
});

void test('core/v1 event, all cells', () => {
  const ev: KubeObject = {
    metadata: { name: 'pg-0.17d', namespace: 'db' },
    involvedObject: { kind: 'Pod', name: 'pg-0', fieldPath: 'spec.containers{postgres}' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container\n',
    source: { component: 'kubelet', host: 'node-a' },
    firstTimestamp: '2024-06-01T11:30:00Z',
    lastTimestamp: '2024-06-01T11:58:00Z',
    count: 7,
    type: 'Warning',
  };
  assert.deepEqual(coreEventPrinter.cells(ev, NOW), [
    '2m',
    'Warning',
    'BackOff',
    'pod/pg-0',
    'spec.containers{postgres}',
    'kubelet, node-a',
    'Back-off restarting failed container',
    '30m',
    7,
    'pg-0.17d',
  ]);
});

void test('new-style events: eventTime, series and reporting controller', () => {
  const core: KubeObject = {
    metadata: { name: 'e1' },
    involvedObject: { kind: 'Node' },
    reason: 'Starting',
    message: 'hi',
    type: 'Normal',
    eventTime: '2024-06-01T11:59:00.000000Z',
    reportingComponent: 'sandbox-controller',
    reportingInstance: '',
  };
  assert.deepEqual(coreEventPrinter.cells(core, NOW), [
    '60s',
    'Normal',
    'Starting',
    'node',
    '',
    'sandbox-controller',
    'hi',
    '60s',
    1,
    'e1',
  ]);
  const v1: KubeObject = {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: 'e2' },
    regarding: { kind: 'StatefulSet', name: 'pg' },
    reason: 'SuccessfulCreate',
    note: 'create Pod pg-1',
    type: 'Normal',
    eventTime: '2024-06-01T11:50:00.000000Z',
    series: { count: 3, lastObservedTime: '2024-06-01T11:59:30.000000Z' },
    reportingController: 'statefulset-controller',
    reportingInstance: 'sandbox',
  };
  assert.deepEqual(eventsV1Printer.cells(v1, NOW), [
    '30s',
    'Normal',
    'SuccessfulCreate',
    'statefulset/pg',
    '',
    'statefulset-controller, sandbox',
    'create Pod pg-1',
    '10m',
    3,
    'e2',
  ]);
});
