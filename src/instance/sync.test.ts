import { test, suite } from 'node:test';
import assert from 'node:assert/strict';
import type { SyncState } from '../api/instance.ts';
import {
  covers,
  desiredSync,
  planSync,
  promotionQuorum,
  sameConfig,
  type SyncConfig,
  type SyncInputs,
} from './sync.ts';

const ASYNC: SyncConfig = { quorum: 0, members: [] };
const cfg = (quorum: number, members: string[]): SyncConfig => ({ quorum, members });
const state = (
  quorum: number,
  members: string[],
  mode: SyncState['mode'] = 'quorum',
  degraded = false,
): SyncState => ({ quorum, members, mode, degraded });

function inputs(over: Partial<SyncInputs>): SyncInputs {
  return {
    mode: 'quorum',
    number: 1,
    otherMembers: ['b', 'c'],
    streaming: [
      { name: 'b', flushLsn: 100n },
      { name: 'c', flushLsn: 100n },
    ],
    applied: cfg(1, ['b', 'c']),
    appliedAtLsn: 100n,
    published: state(1, ['b', 'c']),
    ...over,
  };
}

suite('desiredSync', () => {
  test('off is asynchronous', () => {
    assert.deepEqual(desiredSync(inputs({ mode: 'off' })), { config: ASYNC, degraded: false });
  });

  test('strict names every other member, streaming or not', () => {
    const r = desiredSync(inputs({ mode: 'strict', otherMembers: ['d', 'b', 'c'], streaming: [] }));
    assert.deepEqual(r, { config: cfg(1, ['b', 'c', 'd']), degraded: false });
  });

  test('quorum names the streaming members and degrades when too few stream', () => {
    assert.deepEqual(desiredSync(inputs({ number: 2 })), {
      config: cfg(2, ['b', 'c']),
      degraded: false,
    });
    const one = [{ name: 'c', flushLsn: 1n }];
    assert.deepEqual(desiredSync(inputs({ streaming: one })), {
      config: cfg(1, ['c']),
      degraded: false,
    });
    assert.deepEqual(desiredSync(inputs({ number: 2, streaming: one })), {
      config: ASYNC,
      degraded: true,
    });
  });
});

suite('covers', () => {
  test('an asynchronous lease promises nothing, so it covers anything', () => {
    assert.equal(covers(ASYNC, cfg(2, ['b', 'c'])), true);
  });

  test('the lease must name every synchronous member and not ask for more acknowledgements', () => {
    assert.equal(covers(cfg(1, ['b', 'c']), cfg(1, ['b', 'c'])), true);
    assert.equal(covers(cfg(1, ['b', 'c', 'd']), cfg(2, ['b', 'c'])), true);
    assert.equal(covers(cfg(1, ['b']), cfg(1, ['b', 'c'])), false);
    assert.equal(covers(cfg(2, ['b', 'c']), cfg(1, ['b', 'c'])), false);
    assert.equal(covers(cfg(1, ['b']), ASYNC), false);
  });
});

suite('promotionQuorum', () => {
  test('asynchronous: no set, nothing needed', () => {
    assert.deepEqual(promotionQuorum(null, 'b'), { members: [], needed: 0 });
    assert.deepEqual(promotionQuorum(state(0, [], 'quorum', true), 'b'), {
      members: [],
      needed: 0,
    });
  });

  test('synchronous: only members of the set, seeing |S| - k + 1 of it', () => {
    assert.equal(promotionQuorum(state(1, ['c', 'd']), 'b'), null);
    assert.deepEqual(promotionQuorum(state(1, ['b', 'c']), 'b'), {
      members: ['b', 'c'],
      needed: 2,
    });
    assert.deepEqual(promotionQuorum(state(2, ['b', 'c', 'd']), 'c')?.needed, 2);
  });
});

test('sameConfig ignores member order and the members of asynchronous configurations', () => {
  assert.equal(sameConfig(cfg(1, ['c', 'b']), cfg(1, ['b', 'c'])), true);
  assert.equal(sameConfig(cfg(0, ['b']), ASYNC), true);
  assert.equal(sameConfig(cfg(1, ['b']), cfg(2, ['b'])), false);
  assert.equal(sameConfig(cfg(1, ['b']), cfg(1, ['b', 'c'])), false);
});

suite('planSync', () => {
  test('a new standby is published before PostgreSQL waits for it', () => {
    const i = inputs({
      otherMembers: ['b', 'c', 'd'],
      streaming: ['b', 'c', 'd'].map((name) => ({ name, flushLsn: 100n })),
    });
    assert.deepEqual(planSync(i), {
      kind: 'publish',
      state: state(1, ['b', 'c', 'd']),
      reason: 'widen the published set before applying ANY 1 (b, c, d)',
    });
    assert.deepEqual(planSync({ ...i, published: state(1, ['b', 'c', 'd']) }), {
      kind: 'apply',
      config: cfg(1, ['b', 'c', 'd']),
      reason: 'apply ANY 1 (b, c, d)',
    });
  });

  test('a lost standby leaves PostgreSQL first; the lease narrows once the rest caught up', () => {
    const i = inputs({ streaming: [{ name: 'b', flushLsn: 100n }] });
    assert.deepEqual(planSync(i), {
      kind: 'apply',
      config: cfg(1, ['b']),
      reason: 'apply ANY 1 (b)',
    });
    const applied = { ...i, applied: cfg(1, ['b']), appliedAtLsn: 200n };
    assert.deepEqual(planSync(applied), { kind: 'none', state: state(1, ['b', 'c']) });
    assert.deepEqual(planSync({ ...applied, streaming: [{ name: 'b', flushLsn: 200n }] }), {
      kind: 'publish',
      state: state(1, ['b']),
      reason: 'publish ANY 1 (b)',
    });
  });

  test('degrading to asynchronous is published before PostgreSQL stops waiting', () => {
    const i = inputs({ number: 2, applied: cfg(2, ['b', 'c']), published: state(2, ['b', 'c']) });
    const degraded = { ...i, streaming: [{ name: 'b', flushLsn: 100n }] };
    assert.deepEqual(planSync(degraded), {
      kind: 'publish',
      state: state(0, [], 'quorum', true),
      reason: 'widen the published set before applying asynchronous replication',
    });
  });

  test('a raised quorum is applied first and published after the members caught up', () => {
    const i = inputs({ number: 2 });
    assert.equal(planSync(i).kind, 'apply');
    const applied = { ...i, applied: cfg(2, ['b', 'c']), appliedAtLsn: 300n };
    assert.equal(planSync(applied).kind, 'none');
    const oneCaughtUp = {
      ...applied,
      streaming: [
        { name: 'b', flushLsn: 300n },
        { name: 'c', flushLsn: 299n },
      ],
    };
    assert.equal(planSync(oneCaughtUp).kind, 'none');
    const both = {
      ...applied,
      streaming: oneCaughtUp.streaming.map((s) => ({ ...s, flushLsn: 300n })),
    };
    assert.deepEqual(planSync(both), {
      kind: 'publish',
      state: state(2, ['b', 'c']),
      reason: 'publish ANY 2 (b, c)',
    });
  });

  test('a mode change with the same promise is republished without waiting', () => {
    const i = inputs({ mode: 'strict', streaming: [], published: state(1, ['b', 'c'], 'quorum') });
    assert.deepEqual(planSync(i), {
      kind: 'publish',
      state: state(1, ['b', 'c'], 'strict'),
      reason: 'publish ANY 1 (b, c) (strict)',
    });
  });

  test('nothing to do when PostgreSQL and the lease agree', () => {
    assert.deepEqual(planSync(inputs({})), { kind: 'none', state: state(1, ['b', 'c']) });
  });
});

// ---- Simulation: the published promise is never stronger than what PostgreSQL enforces ----

const NAMES = ['b', 'c', 'd', 'e'];

/** Deterministic PRNG (mulberry32), so a failure names a seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface World {
  applied: SyncConfig;
  appliedAtLsn: bigint;
  published: SyncState | null;
  lsn: bigint;
  flush: Map<string, bigint>;
  /** Commits not yet acknowledged, and the acknowledged ones. */
  pending: bigint[];
  acked: bigint[];
}

interface Target {
  mode: SyncInputs['mode'];
  number: number;
  otherMembers: string[];
  streaming: string[];
}

const asConfig = (s: SyncState | null): SyncConfig =>
  s ? { quorum: s.quorum, members: s.members } : ASYNC;

function subset(r: () => number, from: readonly string[], min = 0): string[] {
  for (;;) {
    const s = from.filter(() => r() < 0.6);
    if (s.length >= min) return s;
  }
}

function randomTarget(r: () => number): Target {
  const modes = ['off', 'quorum', 'strict'] as const;
  const mode = modes[Math.floor(r() * 3)]!;
  const number = 1 + Math.floor(r() * 2);
  // Validation keeps instances > number, so strict always has `number` other members.
  const otherMembers = subset(r, NAMES, mode === 'strict' ? number : 0);
  return { mode, number, otherMembers, streaming: subset(r, otherMembers) };
}

function randomStart(r: () => number): World {
  const applied =
    r() < 0.25 ? ASYNC : ((m) => cfg(1 + Math.floor(r() * m.length), m))(subset(r, NAMES, 1));
  // Any published state that covers the applied one: weaker quorum, more members, or none.
  const extra = subset(r, NAMES);
  const published =
    r() < 0.2
      ? null
      : applied.quorum === 0 || r() < 0.2
        ? state(0, [], 'quorum', true)
        : state(
            1 + Math.floor(r() * applied.quorum),
            [...new Set([...applied.members, ...extra])].sort(),
          );
  return {
    applied,
    appliedAtLsn: 1000n,
    published,
    lsn: 1000n,
    flush: new Map(NAMES.map((n) => [n, 1000n])),
    pending: [],
    acked: [],
  };
}

/** One write, standbys that stream flush some or all of it, PostgreSQL acknowledges what it may. */
function tick(w: World, t: Target, r: () => number, catchUp: boolean): void {
  w.lsn += 16n;
  w.pending.push(w.lsn);
  for (const name of t.streaming) {
    const f = w.flush.get(name)!;
    const to = catchUp || r() < 0.5 ? w.lsn : f + BigInt(Math.floor(r() * Number(w.lsn - f)));
    w.flush.set(name, to);
  }
  const { quorum, members } = w.applied;
  const ack = (l: bigint): boolean =>
    quorum === 0 || members.filter((m) => w.flush.get(m)! >= l).length >= quorum;
  w.acked.push(...w.pending.filter(ack));
  w.pending = w.pending.filter((l) => !ack(l));
}

function plan(w: World, t: Target): ReturnType<typeof planSync> {
  return planSync({
    mode: t.mode,
    number: t.number,
    otherMembers: t.otherMembers,
    streaming: t.streaming.map((name) => ({ name, flushLsn: w.flush.get(name)! })),
    applied: w.applied,
    appliedAtLsn: w.appliedAtLsn,
    published: w.published,
  });
}

/** Applies one step; returns false for `none`. */
function step(w: World, t: Target, where: string): boolean {
  const s = plan(w, t);
  if (s.kind === 'none') return false;
  if (s.kind === 'apply') {
    w.applied = s.config;
    w.appliedAtLsn = w.lsn;
    return true;
  }
  const before = asConfig(w.published);
  const next = asConfig(s.state);
  if (!covers(next, before)) {
    // A stronger promise: enough of its members hold everything written before the last apply.
    const done = next.members.filter((m) => {
      const streams = t.streaming.includes(m);
      return streams && w.flush.get(m)! >= w.appliedAtLsn;
    });
    assert.ok(done.length >= next.quorum, `${where}: published ${s.reason} before catch-up`);
  }
  w.published = s.state;
  return true;
}

/** The invariants, checked after every tick and every step. */
function check(w: World, where: string): void {
  const lease = asConfig(w.published);
  assert.ok(
    covers(lease, w.applied),
    `${where}: lease ${JSON.stringify(lease)} is stronger than PostgreSQL ${JSON.stringify(w.applied)}`,
  );
  if (lease.quorum === 0) return;
  // Every acknowledged commit is on at least `quorum` members of the published set, so any
  // |S| - k + 1 of them include one that holds it: promotion by the lease loses nothing.
  for (const l of w.acked) {
    const holders = lease.members.filter((m) => w.flush.get(m)! >= l).length;
    assert.ok(holders >= lease.quorum, `${where}: acknowledged commit ${l} would be lost`);
  }
}

test('simulation: every step keeps the published promise true, and plans converge', () => {
  let maxSteps = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const r = rng(seed);
    const w = randomStart(r);
    check(w, `seed ${seed} start`);
    for (let epoch = 0; epoch < 6; epoch++) {
      // Targets change mid-flight: a few steps with lagging standbys, then a new target.
      const t = randomTarget(r);
      const n = Math.floor(r() * 5);
      for (let k = 0; k < n; k++) {
        const where = `seed ${seed} epoch ${epoch} step ${k}`;
        tick(w, t, r, false);
        check(w, where);
        step(w, t, where);
        check(w, where);
      }
    }
    // Final target held still, standbys catching up: converges within a few steps.
    const t = randomTarget(r);
    let steps = 0;
    for (;;) {
      const where = `seed ${seed} final step ${steps}`;
      tick(w, t, r, true);
      check(w, where);
      if (!step(w, t, where)) break;
      check(w, where);
      steps++;
      assert.ok(steps <= 4, `${where}: no convergence`);
    }
    maxSteps = Math.max(maxSteps, steps);
    const want = desiredSync({
      ...t,
      streaming: t.streaming.map((name) => ({ name, flushLsn: 0n })),
      applied: ASYNC,
      appliedAtLsn: 0n,
      published: null,
    });
    assert.ok(sameConfig(w.applied, want.config), `seed ${seed}: applied is not the target`);
    const streamingMembers = want.config.members.filter((m) => t.streaming.includes(m));
    if (streamingMembers.length >= want.config.quorum) {
      assert.ok(sameConfig(asConfig(w.published), want.config), `seed ${seed}: not published`);
      assert.equal(w.published?.mode, t.mode);
      assert.equal(w.published?.degraded, want.degraded);
    } else {
      // Strict mode blocks commits; the lease keeps its weaker (still true) promise meanwhile.
      assert.equal(t.mode, 'strict');
      assert.ok(covers(asConfig(w.published), want.config));
    }
  }
  assert.ok(maxSteps >= 3, 'the simulation exercised widen, apply and publish in a row');
});
