// Entry point of a sandbox kubelet process:
//   node src/sandbox/kubelet/main.ts --dir DIR --node NAME --api-url URL [--port 10250]
// Registers the node, heartbeats, runs the node's pods and serves logs/exec on <nodeAddress>:port.
import { existsSync, mkdirSync, readFileSync, statfsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realClock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { defaultCluster, nodeAddress, podIpPrefix } from '../config.ts';
import { ApiClient } from './api.ts';
import { loadNetwork, loadTimings, nodeSpec, parseArgs } from './args.ts';
import { KubeletEvents } from './events.ts';
import { parseImageMappings, type ImageMapping } from './images.ts';
import { Kubelet } from './kubelet.ts';
import { NodeAgent } from './node-agent.ts';
import type { MachineInfo } from './node-status.ts';
import { PodIps } from './pod-ips.ts';
import { startKubeletServer } from './server.ts';
import { TokenManager } from './tokens.ts';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const read = (p: string, fallback: string): string =>
  existsSync(p) ? readFileSync(p, 'utf8').trim() : fallback;

function machineInfo(dir: string): MachineInfo {
  const osRelease = read('/etc/os-release', '');
  const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? 'Linux';
  const fs = statfsSync(dir);
  return {
    kernelVersion: release(),
    osImage: pretty,
    machineID: read('/etc/machine-id', 'unknown'),
    bootID: read('/proc/sys/kernel/random/boot_id', 'unknown'),
    ephemeralStorageBytes: fs.blocks * fs.bsize,
  };
}

function loadImages(dir: string): ImageMapping[] {
  const files = [join(dir, 'images.yaml'), join(PROJECT, 'sandbox', 'images.yaml')];
  return files
    .filter((f) => existsSync(f))
    .flatMap((f) => parseImageMappings(readFileSync(f, 'utf8')));
}

function logger(node: string): Logger {
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    process.stderr.write(
      `${new Date().toISOString()} ${level} kubelet/${node} ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`,
    );
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = resolve(args.dir);
  const spec = nodeSpec(args.node, args.nodeJson, loadNetwork(dir));
  const timings = loadTimings(dir, args.timingsJson);
  const log = logger(spec.name);
  const nodeDir = join(dir, 'nodes', spec.name);
  mkdirSync(join(nodeDir, 'pods'), { recursive: true });
  const caCert = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
  const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
  const client = new ApiClient({ url: args.apiUrl, token, ca: caCert });
  const clock = realClock;
  const address = nodeAddress(spec);
  const namespace = !args.noMountNamespace && process.getuid?.() === 0;
  const holder: { agent?: NodeAgent } = {};
  const kubelet: Kubelet = new Kubelet(
    {
      client,
      clock,
      log,
      caCert,
      namespace,
      timings,
      events: new KubeletEvents({ client, node: spec.name, now: () => clock.now(), log }),
      tokens: new TokenManager(client, () => clock.now()),
      node: { name: spec.name, address, index: spec.index },
      stateDir: dir,
      nodeDir,
      ips: new PodIps(join(nodeDir, 'pod-ips.json'), podIpPrefix(spec)),
      images: () => loadImages(dir),
      vars: { PROJECT, NODE: process.execPath, PATH: process.env.PATH ?? '' },
      api: client.endpoint,
      clusterDomain: defaultCluster(0).clusterDomain,
      dnsHosts: () => kubelet.dnsHosts(),
    },
    () => holder.agent?.poke(),
  );
  const machine = machineInfo(dir);
  const server = await startKubeletServer(kubelet, { host: address, port: args.port, token });
  const port = (server.address() as AddressInfo).port;
  // Like the kubelet's heartbeat client: requests time out after the status update period.
  const heartbeat = new ApiClient({
    url: args.apiUrl,
    token,
    ca: caCert,
    timeoutMs: timings.nodeStatusUpdateMs,
  });
  const agent = new NodeAgent({
    client: heartbeat,
    clock,
    log,
    timings,
    facts: () => ({
      spec,
      address,
      kubeletPort: port,
      machine,
      volumesInUse: kubelet.volumesInUse(),
    }),
  });
  holder.agent = agent;
  await agent.start();
  kubelet.start();
  log.info('kubelet started', { node: spec.name, address, port, namespace, pid: process.pid });
  const shutdown = (): void => {
    agent.stop();
    void kubelet.stop();
    server.close();
    client.close();
    heartbeat.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `kubelet: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
