// Each running sandbox owns one loopback "network" (the second octet of its node, pod and Service
// addresses) so that several sandboxes — a user's and the test suite's — never collide. A network
// is claimed by listening on 127.<n>.255.254:<CLAIM_PORT> for as long as the sandbox runs.
import net from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CLAIM_PORT = 64_999;
const MAX_NETWORK = 95;

export interface NetworkClaim {
  network: number;
  release(): Promise<void>;
}

function tryClaim(network: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer((s) => s.destroy());
    server.once('error', () => resolve(undefined));
    server.listen(CLAIM_PORT, `127.${String(network)}.255.254`, () => resolve(server));
  });
}

/**
 * Claims the network recorded in `dir/network.json`, else `preferred`, else the first free one,
 * and records it. Fails when the recorded network is held by another sandbox.
 */
export async function claimNetwork(dir: string, preferred?: number): Promise<NetworkClaim> {
  const file = join(dir, 'network.json');
  const recorded = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { network?: number }).network
    : undefined;
  const candidates =
    recorded !== undefined ? [recorded] : preferred !== undefined ? [preferred] : [];
  if (recorded === undefined) {
    const start = preferred ?? 2 + Math.floor(Math.random() * (MAX_NETWORK - 1));
    for (let i = 0; i < MAX_NETWORK; i++) candidates.push(1 + ((start - 1 + i) % MAX_NETWORK));
  }
  for (const network of candidates) {
    const server = await tryClaim(network);
    if (!server) continue;
    writeFileSync(file, JSON.stringify({ network }));
    return { network, release: () => new Promise((r) => server.close(() => r())) };
  }
  throw new Error(
    recorded !== undefined
      ? `loopback network 127.${String(recorded)}.0.0/16 of this sandbox directory is in use by another sandbox`
      : 'no free loopback network for the sandbox',
  );
}
