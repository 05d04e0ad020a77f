// Command-line parsing of the kubelet process and the loading of its configuration.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCluster, UPSTREAM_TIMINGS, type NodeSpec, type SandboxTimings } from '../config.ts';

/** The kubelet's parsed arguments. */
export interface KubeletArgs {
  dir: string;
  node: string;
  apiUrl: string;
  port: number;
  timingsJson?: string;
  nodeJson?: string;
  noMountNamespace: boolean;
}

/** Parses `--dir DIR --node NAME --api-url URL [--port N] [--timings-json J] [--node-json J] [--no-mount-namespace]`. */
export function parseArgs(argv: string[]): KubeletArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const dir = get('dir');
  const node = get('node');
  const apiUrl = get('api-url');
  if (!dir || !node || !apiUrl)
    throw new Error(
      'usage: kubelet --dir DIR --node NAME --api-url URL [--port N] [--timings-json JSON] [--node-json JSON] [--no-mount-namespace]',
    );
  const timingsJson = get('timings-json');
  const nodeJson = get('node-json');
  return {
    dir,
    node,
    apiUrl,
    port: Number(get('port') ?? '10250'),
    ...(timingsJson ? { timingsJson } : {}),
    ...(nodeJson ? { nodeJson } : {}),
    noMountNamespace: argv.includes('--no-mount-namespace'),
  };
}

/** Timings: `--timings-json`, else DIR/timings.json, over upstream's defaults. */
export function loadTimings(dir: string, json: string | undefined): SandboxTimings {
  const file = join(dir, 'timings.json');
  const text = json ?? (existsSync(file) ? readFileSync(file, 'utf8') : '{}');
  return { ...UPSTREAM_TIMINGS, ...(JSON.parse(text) as Partial<SandboxTimings>) };
}

/** The sandbox's loopback network (second octet) recorded in DIR/network.json (default 1). */
export function loadNetwork(dir: string): number {
  const file = join(dir, 'network.json');
  if (!existsSync(file)) return 1;
  return (JSON.parse(readFileSync(file, 'utf8')) as { network?: number }).network ?? 1;
}

/** The node's spec: `--node-json`, else the default cluster's node of that name (`node-<i>`). */
export function nodeSpec(name: string, json: string | undefined, network: number): NodeSpec {
  if (json) return { network, ...(JSON.parse(json) as Partial<NodeSpec>) } as NodeSpec;
  const m = /^node-(\d+)$/.exec(name);
  if (!m) throw new Error(`node name ${name} is not node-<index>; pass --node-json`);
  const index = Number(m[1]);
  const spec = defaultCluster(index, network).nodes[index - 1];
  if (!spec) throw new Error(`no node ${name}`);
  return spec;
}
