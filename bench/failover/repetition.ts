// One repetition: a healthy cluster, the writer (and probes), the fault on the primary, recovery
// within the timeout, the heal, healthy again, then the figures.
import type { AgentCluster, Member } from '../../test/instance/harness.ts';
import { waitFor } from '../../test/support/wait.ts';
import { endpoints, LOGIN, presentIds, waitReady } from './cluster.ts';
import { FAULTS } from './faults.ts';
import {
  hasRecovered,
  maxGapMs,
  missingIds,
  overlapOf,
  resumedAt,
  type Expect,
} from './measure.ts';
import type { FaultKind } from './options.ts';
import type { RepResult } from './report.ts';
import { startProbe, startRwWriter, type Probe, type RwWriter } from './writer.ts';

export const WRITER_EVERY_MS = 20;
export const PROBE_EVERY_MS = 50;
/** Acknowledged writes in a row on the expected member that count as recovered. */
const RECOVERED_AFTER = 50;
const HEAL_TIMEOUT_MS = 120_000;

/** What a repetition needs. */
export interface RepDeps {
  c: AgentCluster;
  sync: boolean;
  timeoutMs: number;
  nextId: () => number;
  log: (msg: string) => void;
}

/** A repetition's result, and whether the cluster is healthy afterwards. */
export interface RepOutcome {
  result: RepResult;
  healthy: boolean;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Times of the run: fault, recovery (null if none), heal, healthy again (null if not). */
interface Marks {
  faultAt: number;
  recoveredAt: number | null;
  healAt: number;
  healthyAt: number | null;
}

/** Injects the fault and waits for the writer to recover; returns an error sentence or null. */
async function faultAndRecover(
  d: RepDeps,
  kind: FaultKind,
  old: Member,
  w: RwWriter,
  faultAt: number,
): Promise<string | null> {
  try {
    const expect: Expect = await FAULTS[kind].inject(d.c, old);
    await waitFor(
      `the writer to recover after ${kind} of ${old.name}`,
      () => hasRecovered(w.acks, w.failures, faultAt, expect, RECOVERED_AFTER),
      d.timeoutMs - (Date.now() - faultAt),
    );
    return null;
  } catch (err) {
    return message(err);
  }
}

/** Runs one repetition of `kind`; throws only when the cluster is not ready before the fault. */
export async function runRepetition(d: RepDeps, kind: FaultKind, rep: number): Promise<RepOutcome> {
  const { c } = d;
  const old = await waitReady(c, d.sync, HEAL_TIMEOUT_MS);
  const fault = FAULTS[kind];
  const eps = endpoints(c);
  const w = startRwWriter({
    members: eps,
    login: LOGIN,
    nextId: d.nextId,
    now: Date.now,
    everyMs: WRITER_EVERY_MS,
  });
  const probes = fault.overlap ? eps.map((e) => startProbe(e, LOGIN, PROBE_EVERY_MS)) : [];
  let error: string | null = null;
  let final: Member | null = null;
  let marks: Marks;
  try {
    await waitFor(
      `writes on ${old.name} before the fault`,
      () => w.acks.filter((a) => a.member === old.name).length >= RECOVERED_AFTER,
      30_000,
    );
    const faultAt = Date.now();
    error = await faultAndRecover(d, kind, old, w, faultAt);
    const recoveredAt = error === null ? Date.now() : null;
    const newPrimary = recoveredAt === null ? null : (w.acks[w.acks.length - 1]?.member ?? null);
    if (newPrimary !== null && newPrimary !== old.name) await probeWrites(probes, newPrimary);
    const healAt = Date.now();
    fault.heal(c, old);
    try {
      final = await waitReady(c, d.sync, HEAL_TIMEOUT_MS);
    } catch (err) {
      error ??= `after the heal: ${message(err)}`;
    }
    marks = { faultAt, recoveredAt, healAt, healthyAt: final ? Date.now() : null };
  } finally {
    await Promise.all([w.stop(), ...probes.map((p) => p.stop())]);
  }
  const result = await figures(d, { kind, rep, old, w, probes, marks, final, error });
  return { result, healthy: final !== null };
}

/** Waits (briefly) for the new primary's probe to be acknowledged a few times. */
async function probeWrites(probes: readonly Probe[], member: string): Promise<void> {
  const p = probes.find((x) => x.member === member);
  if (!p) return;
  await waitFor(`probe writes on ${member}`, () => p.acked.length >= 5, 10_000).catch(
    () => undefined,
  );
}

interface Recorded {
  kind: FaultKind;
  rep: number;
  old: Member;
  w: RwWriter;
  probes: readonly Probe[];
  marks: Marks;
  final: Member | null;
  error: string | null;
}

/** Computes a repetition's figures from what the writer and probes recorded. */
async function figures(d: RepDeps, r: Recorded): Promise<RepResult> {
  const { marks: m, w } = r;
  const times = w.acks.map((a) => a.at);
  const recovered = m.recoveredAt !== null;
  const newPrimary = recovered ? (w.acks[w.acks.length - 1]?.member ?? null) : null;
  const resumed = recovered ? resumedAt(w.acks, w.failures, m.faultAt) : null;
  const ids = w.acks.map((a) => a.id);
  let lost: number[] | null = null;
  if (r.final && ids.length > 0) {
    // Ids only grow: the first and last acknowledged bound the range.
    const have = await presentIds(r.final, ids[0]!, ids[ids.length - 1]!).catch((err) => {
      d.log(`could not read the writes on ${r.final?.name ?? '?'}: ${message(err)}`);
      return null;
    });
    lost = have && missingIds(ids, have);
  }
  const probeOf = (name: string | null) => r.probes.find((p) => p.member === name)?.acked ?? [];
  const overlap =
    r.probes.length > 0 && newPrimary !== null && newPrimary !== r.old.name
      ? overlapOf(probeOf(r.old.name), probeOf(newPrimary))
      : null;
  // The old primary's writes between the fault and the final stretch of writes.
  const oldAfter = w.acks.filter(
    (a) => a.member === r.old.name && a.at > m.faultAt && a.at < (resumed ?? Infinity),
  );
  return {
    fault: r.kind,
    rep: r.rep,
    ok: recovered,
    error: r.error,
    faultAt: new Date(m.faultAt).toISOString(),
    oldPrimary: r.old.name,
    newPrimary,
    outageMs: recovered ? maxGapMs(times, m.faultAt, m.recoveredAt!) : null,
    resumedAfterMs: resumed === null ? null : resumed - m.faultAt,
    oldAcksAfterFault: oldAfter.length,
    oldWritesForMs: oldAfter.length > 0 ? oldAfter[oldAfter.length - 1]!.at - m.faultAt : null,
    healGapMs: recovered ? maxGapMs(times, m.healAt, Infinity) : null,
    healMs: m.healthyAt === null ? null : m.healthyAt - m.healAt,
    acked: ids.length,
    lost: lost === null ? null : lost.length,
    lostIds: (lost ?? []).slice(0, 20),
    overlap,
  };
}
