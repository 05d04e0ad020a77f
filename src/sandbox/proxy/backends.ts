// Pure backend selection of the service proxy (kube-proxy's semantics): ready endpoints of the
// Service port, else serving-and-terminating ones; round-robin, or sticky per client IP.
import type { EndpointSliceObject } from '../controllers/services/types.ts';

/** A TCP destination. */
export interface Backend {
  ip: string;
  port: number;
}

export const backendKey = (b: Backend): string => `${b.ip}:${String(b.port)}`;

/** The endpoints of one Service port (by port name) across its slices, ready ones if any, else serving+terminating. */
export function serviceBackends(slices: EndpointSliceObject[], portName: string): Backend[] {
  const ready: Backend[] = [];
  const terminating: Backend[] = [];
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find(
      (p) => (p.name ?? '') === portName && (p.protocol ?? 'TCP') === 'TCP',
    );
    if (port?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const c = ep.conditions;
      const isReady = c.ready !== false;
      const servingTerminating = (c.serving ?? isReady) && c.terminating === true;
      for (const ip of ep.addresses) {
        if (isReady) ready.push({ ip, port: port.port });
        else if (servingTerminating) terminating.push({ ip, port: port.port });
      }
    }
  }
  const uniq = (l: Backend[]): Backend[] => [...new Map(l.map((b) => [backendKey(b), b])).values()];
  return ready.length > 0 ? uniq(ready) : uniq(terminating);
}

/** Per-port selection state: a round-robin cursor and client-IP affinity entries. */
export interface PickState {
  cursor: number;
  affinity: Map<string, { backend: string; expiresAt: number }>;
}

export const newPickState = (): PickState => ({ cursor: 0, affinity: new Map() });

/** Affinity of a Service port: none, or ClientIP with its timeout. */
export type Affinity = { kind: 'None' } | { kind: 'ClientIP'; timeoutMs: number };

/** Chooses a backend for a new connection (undefined: refuse), updating `state`. */
export function chooseBackend(
  backends: Backend[],
  state: PickState,
  affinity: Affinity,
  clientIP: string,
  nowMs: number,
): Backend | undefined {
  if (backends.length === 0) return undefined;
  if (affinity.kind === 'ClientIP') {
    const sticky = state.affinity.get(clientIP);
    const found =
      sticky && sticky.expiresAt > nowMs
        ? backends.find((b) => backendKey(b) === sticky.backend)
        : undefined;
    const chosen = found ?? roundRobin(backends, state);
    state.affinity.set(clientIP, {
      backend: backendKey(chosen),
      expiresAt: nowMs + affinity.timeoutMs,
    });
    return chosen;
  }
  return roundRobin(backends, state);
}

function roundRobin(backends: Backend[], state: PickState): Backend {
  const b = backends[state.cursor % backends.length] as Backend;
  state.cursor = (state.cursor + 1) % 1_000_000;
  return b;
}
