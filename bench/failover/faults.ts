// The faults injected into the primary, each with its heal, as in test/instance/*.e2e.test.ts.
import type { AgentCluster, Member } from '../../test/instance/harness.ts';
import { kubectlOk } from '../../test/support/kubectl.ts';
import type { Expect } from './measure.ts';
import type { FaultKind } from './options.ts';

/** One kind of fault. */
export interface Fault {
  /** Probe every member for split brain during this fault. */
  overlap: boolean;
  /** Injects the fault into the primary `old`; says where the writer should recover. */
  inject(c: AgentCluster, old: Member): Promise<Expect>;
  /** Undoes the fault (the member then rejoins by itself). */
  heal(c: AgentCluster, old: Member): void;
}

const other = (old: Member): Expect => ({ kind: 'other', than: old.name });
/** A fault applied at once to the old primary, after which another member must take over. */
const failoverBy =
  (apply: (old: Member) => void): Fault['inject'] =>
  (_c, old) => {
    apply(old);
    return Promise.resolve(other(old));
  };
const both = { agent: true, postgres: true };
const agentOnly = { agent: true, postgres: false };

/** Asks the primary to hand over to a streaming replica through status.targetPrimary. */
async function switchover(c: AgentCluster, old: Member): Promise<Expect> {
  const st = await c.statuses();
  const target = st.find((s) => s.name !== old.name && s.role === 'replica' && s.streaming);
  if (!target) throw new Error('no streaming replica to switch over to');
  const patch = JSON.stringify({ status: { targetPrimary: target.name } });
  await kubectlOk(c.t.kubeconfig, [
    'patch',
    'postgrescluster',
    c.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    patch,
  ]);
  return { kind: 'member', name: target.name };
}

export const FAULTS: Record<FaultKind, Fault> = {
  /** Node death: the agent and PostgreSQL SIGKILLed. */
  kill: {
    overlap: false,
    async inject(c, old) {
      await c.killAgent(old, true);
      return other(old);
    },
    heal: (c, old) => c.startAgent(old),
  },
  /** The whole node frozen: agent and PostgreSQL SIGSTOPped. */
  freeze: {
    overlap: true,
    inject: failoverBy((old) => old.signal('SIGSTOP', both)),
    heal: (_c, old) => old.signal('SIGCONT', both),
  },
  /** The primary cut off from the API; clients still reach it. */
  partition: {
    overlap: true,
    inject: failoverBy((old) => old.relay.partition(true)),
    heal: (_c, old) => old.relay.partition(false),
  },
  /** Only the agent frozen; PostgreSQL keeps serving (the watchdog must fence it). */
  'agent-freeze': {
    overlap: true,
    inject: failoverBy((old) => old.signal('SIGSTOP', agentOnly)),
    heal: (_c, old) => old.signal('SIGCONT', agentOnly),
  },
  /** PostgreSQL crash with a live agent: SIGKILL of the postmaster (restart in place). */
  crash: {
    overlap: false,
    inject(_c, old) {
      const pid = old.postmasterPid();
      if (pid === null) return Promise.reject(new Error(`no postmaster.pid on ${old.name}`));
      process.kill(pid, 'SIGKILL');
      return Promise.resolve({ kind: 'any' });
    },
    heal: () => undefined,
  },
  /** Confirmed death: a clean shutdown (SIGTERM) stops PostgreSQL, then releases the lease. */
  shutdown: {
    overlap: false,
    async inject(_c, old) {
      const agent = old.agent;
      if (!agent) throw new Error(`no agent runs on ${old.name}`);
      const gone = new Promise((r) => agent.once('exit', r));
      agent.kill('SIGTERM');
      // The outage counts from the signal; the agent exits once it has handed over.
      await gone;
      old.agent = null;
      return other(old);
    },
    heal: (c, old) => c.startAgent(old),
  },
  /** Planned switchover to a streaming replica. */
  switchover: { overlap: false, inject: switchover, heal: () => undefined },
};
