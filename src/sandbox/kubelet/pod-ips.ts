// Pod IP allocation of a node: <prefix>.2 to .253 (prefix 127.<network>.<index>), persisted in
// DIR/nodes/<node>/pod-ips.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Pod UID → IP. */
export type IpTable = Record<string, string>;

/** The first free address under `prefix` (e.g. 127.1.3), or undefined when all 252 are taken. */
export function pickIp(prefix: string, table: IpTable): string | undefined {
  const used = new Set(Object.values(table));
  for (let host = 2; host <= 253; host++) {
    const ip = `${prefix}.${String(host)}`;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** Allocates and releases pod IPs, persisting the table at every change. */
export class PodIps {
  private readonly path: string;
  private readonly prefix: string;
  private table: IpTable;

  constructor(path: string, prefix: string) {
    this.path = path;
    this.prefix = prefix;
    this.table = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as IpTable) : {};
  }

  /** The pod's IP, allocating one on first use. */
  allocate(uid: string): string {
    const have = this.table[uid];
    if (have) return have;
    const ip = pickIp(this.prefix, this.table);
    if (!ip) throw new Error(`no free pod IP in ${this.prefix}.0/24`);
    this.table[uid] = ip;
    this.save();
    return ip;
  }

  release(uid: string): void {
    if (!(uid in this.table)) return;
    const { [uid]: _gone, ...rest } = this.table;
    this.table = rest;
    this.save();
  }

  /** UIDs holding an address. */
  uids(): string[] {
    return Object.keys(this.table);
  }

  private save(): void {
    writeFileSync(this.path, JSON.stringify(this.table));
  }
}
