// Observation of the local data directory and server, and of the other members.
import { errorMessage } from '../lib/errors.ts';
import type { PeerView } from './decide.ts';
import type { AgentDeps, AgentState } from './agent.ts';
import type { LiveState } from './postgres-manager.ts';
import type { MemberPod } from './kube-access.ts';
import { fetchMemberStatus } from './status-server.ts';

/** The local member as last observed. */
export interface LocalObservation {
  data: 'empty' | 'ready' | 'invalid';
  dataProblem: string | null;
  systemIdentifier: string | null;
  /** The running server's view, null when PostgreSQL is not running (or not answering). */
  live: LiveState | null;
}

/** Observes the data directory (when stopped) or the running server. */
export async function observeLocal(d: AgentDeps, s: AgentState): Promise<LocalObservation> {
  if (d.postgres.running()) {
    try {
      const live = await d.postgres.observe();
      return { data: 'ready', dataProblem: null, systemIdentifier: live.systemIdentifier, live };
    } catch (err) {
      d.logger.debug('PostgreSQL runs but does not answer', { error: errorMessage(err) });
      return {
        ...(s.local ?? { data: 'ready', dataProblem: null, systemIdentifier: null }),
        live: null,
      };
    }
  }
  const dir = await d.postgres.inspect(d.pgMajor);
  switch (dir.kind) {
    case 'missing':
    case 'empty':
      return { data: 'empty', dataProblem: null, systemIdentifier: null, live: null };
    case 'invalid':
      return { data: 'invalid', dataProblem: dir.reason, systemIdentifier: null, live: null };
    case 'version-mismatch':
      return {
        data: 'invalid',
        dataProblem: `data directory is PostgreSQL ${dir.found}, this image runs ${dir.expected}`,
        systemIdentifier: null,
        live: null,
      };
    case 'valid':
      return {
        data: 'ready',
        dataProblem: null,
        systemIdentifier: dir.control.systemIdentifier,
        live: null,
      };
  }
}

/** How long a peer may take to answer /status: a frozen peer must not slow an election much. */
const PEER_TIMEOUT_MS = 500;

/** Fetches every other member's /status (address from its pod annotation, else its pod IP). */
export async function observePeers(d: AgentDeps, s: AgentState): Promise<PeerView[]> {
  let pods: MemberPod[];
  try {
    pods = await d.api.listMembers();
    s.pods = pods;
  } catch {
    pods = s.pods; // partitioned from the API: peers may still be reachable directly
  }
  const others = pods.filter((p) => p.name !== d.identity.name && p.name !== '');
  return Promise.all(
    others.map(async (p): Promise<PeerView> => {
      const host = p.status?.address ?? p.podIP;
      const port = p.status?.statusPort ?? d.identity.statusPort;
      if (!host) return { name: p.name, status: null };
      try {
        return { name: p.name, status: await fetchMemberStatus(host, port, PEER_TIMEOUT_MS) };
      } catch {
        return { name: p.name, status: null };
      }
    }),
  );
}
