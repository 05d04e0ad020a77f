// An in-memory process table for fencing unit tests: SIGKILL makes a zombie and reparents children.
import type { ProcFs, ProcInfo } from './proc-fs.ts';

/** A process of the fake table. */
export interface FakeProc extends ProcInfo {
  cwd?: string;
  cmdline?: string[];
  /** Ignores SIGKILL (a process stuck in uninterruptible sleep). */
  stuck?: boolean;
}

/** The fake table, its files, and the signals it received. */
export class FakeProcFs implements ProcFs {
  readonly procs = new Map<number, FakeProc>();
  readonly files = new Map<string, string>();
  readonly signals: string[] = [];
  /** Runs after each kill, e.g. to fork a child mid-fence. */
  onKill: (pid: number) => void = () => undefined;
  add(p: Partial<FakeProc> & { pid: number }): this {
    this.procs.set(p.pid, { ppid: 1, comm: 'postgres', state: 'S', startTime: '1', ...p });
    return this;
  }
  listPids = (): number[] => [...this.procs.keys()];
  stat = (pid: number): ProcInfo | undefined => this.procs.get(pid);
  cwd = (pid: number): string | undefined => this.procs.get(pid)?.cwd;
  cmdline = (pid: number): string[] | undefined => this.procs.get(pid)?.cmdline;
  readFile = (path: string): string | undefined => this.files.get(path);
  realpath = (path: string): string | undefined => path.replace(/\/+$/, '');
  kill(pid: number, signal: NodeJS.Signals): boolean {
    const p = this.procs.get(pid);
    this.signals.push(`${pid}:${signal}`);
    if (!p || p.state === 'Z') return !!p;
    if (signal === 'SIGKILL' && !p.stuck) {
      this.procs.set(pid, { ...p, state: 'Z' });
      for (const c of this.procs.values())
        if (c.ppid === pid) this.procs.set(c.pid, { ...c, ppid: 1 });
    }
    this.onKill(pid);
    return true;
  }
}
