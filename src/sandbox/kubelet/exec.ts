// Runs a command inside a container (its mount namespace and environment) and collects the output.
import { spawn } from 'node:child_process';
import { DEFAULT_PATH } from './runtime.ts';

/** Where and how to run a command in a container. */
export interface ExecTarget {
  pid: number;
  env: Record<string, string>;
  workingDir: string | undefined;
  /** The container runs in its own mount namespace (enter it with nsenter). */
  namespace: boolean;
}

/** The outcome of a command. */
export interface ExecResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

/** Program and arguments that run `argv` in the container (pure). */
export function buildExec(t: ExecTarget, argv: string[]): { file: string; args: string[] } {
  if (!t.namespace) {
    const [file, ...args] = argv;
    return { file: file ?? 'true', args };
  }
  // --root: the container's root (its shadow root when it runs chrooted); the directory is
  // resolved inside it (--wdns), or the container's own working directory (--wd).
  const wd = t.workingDir ? `--wdns=${t.workingDir}` : '--wd';
  const target = `--target=${String(t.pid)}`;
  return { file: 'nsenter', args: ['--mount', '--root', wd, target, '--', ...argv] };
}

/** Runs a command with optional stdin and timeout (0: none), streaming output to the callbacks. */
export function execInContainer(
  t: ExecTarget,
  argv: string[],
  opts: {
    timeoutMs: number;
    stdin?: Buffer;
    onStdout?: (b: Buffer) => void;
    onStderr?: (b: Buffer) => void;
  },
): Promise<ExecResult> {
  const { file, args } = buildExec(t, argv);
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const child = spawn(file, args, {
      env: { PATH: DEFAULT_PATH, ...t.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      ...(!t.namespace && t.workingDir ? { cwd: t.workingDir } : {}),
    });
    const timer =
      opts.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            try {
              if (child.pid) process.kill(-child.pid, 'SIGKILL');
            } catch {
              // gone
            }
          }, opts.timeoutMs)
        : undefined;
    child.stdout.on('data', (b: Buffer) => (opts.onStdout ? opts.onStdout(b) : out.push(b)));
    child.stderr.on('data', (b: Buffer) => (opts.onStderr ? opts.onStderr(b) : err.push(b)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin);
    const done = (exitCode: number): void => {
      if (timer) clearTimeout(timer);
      resolve({ exitCode, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(`${e.message}\n`));
      done(127);
    });
    child.on('close', (code, signal) => done(signal ? 137 : (code ?? 1)));
  });
}
