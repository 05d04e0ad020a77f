// The "cloud provider" of the sandbox: every node is an instance that is running, stopped or
// terminated. The state is kept in DIR/nodes/<node>/instance.json so it survives restarts.
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export type InstanceState = 'running' | 'stopped' | 'terminated';

/** Reads and writes instance states. */
export class InstanceStore {
  private readonly dir: string;
  private readonly listeners: ((node: string, state: InstanceState) => void)[] = [];

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'nodes');
  }

  get(node: string): InstanceState {
    try {
      const data = JSON.parse(readFileSync(join(this.dir, node, 'instance.json'), 'utf8')) as {
        state?: InstanceState;
      };
      return data.state ?? 'running';
    } catch {
      return 'running';
    }
  }

  set(node: string, state: InstanceState): void {
    const dir = join(this.dir, node);
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, 'instance.json.tmp');
    writeFileSync(tmp, JSON.stringify({ state }));
    renameSync(tmp, join(dir, 'instance.json'));
    for (const fn of this.listeners) fn(node, state);
  }

  onChange(fn: (node: string, state: InstanceState) => void): void {
    this.listeners.push(fn);
  }
}
