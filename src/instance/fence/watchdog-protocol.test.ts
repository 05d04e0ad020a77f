import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DISARMED,
  decideWatchdog,
  formatCommand,
  parseCommand,
  type WatchdogState,
} from './watchdog-protocol.ts';

test('parses and formats commands', () => {
  assert.deepEqual(parseCommand('arm 250'), { kind: 'arm', ms: 250 });
  assert.deepEqual(parseCommand(' arm 250 1000.5 '), { kind: 'arm', ms: 250, sentAt: 1000.5 });
  assert.deepEqual(parseCommand('disarm'), { kind: 'disarm' });
  for (const bad of ['arm', 'arm -1', 'arm x', 'arm 1 2 3', 'arm 1 x', 'fence', '']) {
    assert.equal(parseCommand(bad).kind, 'invalid', bad);
  }
  assert.equal(formatCommand({ kind: 'arm', ms: 99.9, sentAt: 5 }), 'arm 99 5.000\n');
  assert.equal(formatCommand({ kind: 'disarm' }), 'disarm\n');
});

test('ping asks for a pong and changes nothing', () => {
  assert.deepEqual(parseCommand('ping 42'), { kind: 'ping', seq: 42 });
  for (const bad of ['ping', 'ping -1', 'ping 1.5', 'ping x', 'ping 1 2']) {
    assert.equal(parseCommand(bad).kind, 'invalid', bad);
  }
  assert.equal(formatCommand({ kind: 'ping', seq: 7 }), 'ping 7\n');
  const armed: WatchdogState = { deadline: 1100 };
  assert.deepEqual(decideWatchdog(armed, cmd('ping 7'), 1050), {
    next: armed,
    fence: undefined,
    exit: false,
  });
});

test('fences once when the deadline passes unkicked, then stays disarmed', () => {
  let s: WatchdogState = decideWatchdog(DISARMED, cmd('arm 100'), 1000).next;
  assert.deepEqual(s, { deadline: 1100 });
  assert.equal(decideWatchdog(s, { kind: 'tick' }, 1099).fence, undefined);
  const d = decideWatchdog(s, { kind: 'tick' }, 1100);
  assert.deepEqual(d, { next: DISARMED, fence: 'deadline', exit: false });
  s = d.next;
  assert.equal(decideWatchdog(s, { kind: 'tick' }, 9999).fence, undefined);
});

test('a kick moves the deadline; disarm clears it', () => {
  let s = decideWatchdog(DISARMED, cmd('arm 100'), 1000).next;
  s = decideWatchdog(s, cmd('arm 100'), 1090).next;
  assert.equal(decideWatchdog(s, { kind: 'tick' }, 1150).fence, undefined);
  s = decideWatchdog(s, cmd('disarm'), 1150).next;
  assert.equal(decideWatchdog(s, { kind: 'tick' }, 5000).fence, undefined);
});

test('a kick counts from when it was sent, never from a future stamp', () => {
  const late = decideWatchdog(DISARMED, cmd('arm 100 900'), 1000).next;
  assert.deepEqual(late, { deadline: 1000 });
  const future = decideWatchdog(DISARMED, cmd('arm 100 5000'), 1000).next;
  assert.deepEqual(future, { deadline: 1100 });
});

test('EOF fences only when armed, and always exits', () => {
  const armed = decideWatchdog(DISARMED, cmd('arm 10000'), 0).next;
  assert.deepEqual(decideWatchdog(armed, { kind: 'eof' }, 1), {
    next: DISARMED,
    fence: 'eof',
    exit: true,
  });
  assert.deepEqual(decideWatchdog(DISARMED, { kind: 'eof' }, 1), {
    next: DISARMED,
    fence: undefined,
    exit: true,
  });
});

test('an invalid line changes nothing', () => {
  const armed = decideWatchdog(DISARMED, cmd('arm 100'), 0).next;
  assert.deepEqual(decideWatchdog(armed, cmd('bogus'), 50).next, armed);
});

function cmd(line: string) {
  return { kind: 'command', command: parseCommand(line) } as const;
}
