// Runs a server as a child process in its own process group, streams its output by line, and stops
// the whole group (SIGTERM, then SIGKILL after a grace period), so wrappers like `dotnet run` or
// `npm start` cannot leave their real server behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { systemProgram } from '../windowsPaths';

/** What to run; never through a shell. */
export interface LaunchSpec {
  command: string;
  args: string[];
  cwd: string;
  /** Added to the parent's environment. */
  env?: Record<string, string>;
}

/** How a child ended. */
export type ProcessExit =
  { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null } | { kind: 'spawn-failed'; message: string };

/** Which stream a line came from. */
export type OutputStream = 'stdout' | 'stderr';

/** How stop() ended the process. */
export type StopOutcome = 'already-exited' | 'terminated' | 'killed';

const KEPT_LINES = 200;

/** A running (or finished) server process. */
export class ServerProcess {
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;
  private readonly tail: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    onLine: (stream: OutputStream, line: string) => void,
  ) {
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        // 'error' without a pid means the spawn itself failed; 'exit' will not follow.
        if (child.pid === undefined) resolve((this.exit = { kind: 'spawn-failed', message: error.message }));
      });
      child.once('exit', (code, signal) => resolve((this.exit = { kind: 'exited', code, signal })));
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      let partial = '';
      const source = child[stream];
      source?.setEncoding('utf8');
      source?.on('data', (chunk: string) => {
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) this.keep(stream, line, onLine);
      });
      source?.on('end', () => {
        if (partial) this.keep(stream, partial, onLine);
        partial = '';
      });
    }
  }

  /** Spawns without a shell, detached into a new process group, stdin closed. */
  static start(spec: LaunchSpec, onLine: (stream: OutputStream, line: string) => void = () => {}): ServerProcess {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
      shell: false,
    });
    return new ServerProcess(child, onLine);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The exit, once it happened. */
  get exitStatus(): ProcessExit | undefined {
    return this.exit;
  }

  /** The last lines of output, oldest first. */
  lastLines(count = 20): string[] {
    return this.tail.slice(-count);
  }

  /** Ends the process group: SIGTERM, then SIGKILL once `graceMs` passed. Resolves after the exit. */
  async stop(graceMs = 3000): Promise<StopOutcome> {
    if (this.exit || this.child.pid === undefined) return 'already-exited';
    const pid = this.child.pid;
    signalGroup(pid, 'SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'grace-over'>((resolve) => (timer = setTimeout(() => resolve('grace-over'), graceMs)));
    const first = await Promise.race([this.exited, graceOver]);
    clearTimeout(timer);
    if (first !== 'grace-over') {
      // The leader is gone; make sure nothing it started lingers in the group.
      signalGroup(pid, 'SIGKILL');
      return 'terminated';
    }
    signalGroup(pid, 'SIGKILL');
    await this.exited;
    return 'killed';
  }

  private keep(stream: OutputStream, line: string, onLine: (stream: OutputStream, line: string) => void): void {
    this.tail.push(line);
    if (this.tail.length > KEPT_LINES) this.tail.shift();
    onLine(stream, line);
  }
}

/** Signals a whole process group on POSIX; on Windows, taskkill /T ends the tree. */
export function signalGroup(pid: number, signal: 'SIGTERM' | 'SIGKILL'): void {
  if (process.platform === 'win32') {
    const args = ['/pid', String(pid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])];
    spawn(systemProgram('taskkill.exe'), args, { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Describes an exit for a person: "exited with code 3", "was killed by SIGKILL", "could not start: …". */
export function describeExit(exit: ProcessExit): string {
  if (exit.kind === 'spawn-failed') return `could not start: ${exit.message}`;
  if (exit.signal) return `was ended by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}
