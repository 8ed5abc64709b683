// Runs scripts on Windows Node: under Wine (set up by scripts/tools/wine.mjs through `npm run test:windows`)
// or, on real Windows, with this very node.exe. Output always goes to files, because Wine's console gives
// EBADF when a Windows program writes to a Unix pipe.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Where the Windows Node comes from, or why there is none. */
export type WindowsNode =
  | { kind: 'wine'; wine: string; nodeExe: string; env: NodeJS.ProcessEnv }
  | { kind: 'native'; nodeExe: string; env: NodeJS.ProcessEnv }
  | { kind: 'missing'; reason: string };

export function windowsNode(): WindowsNode {
  if (process.platform === 'win32') return { kind: 'native', nodeExe: process.execPath, env: process.env };
  const wine = process.env.GRPC_IPC_WINE;
  const nodeExe = process.env.GRPC_IPC_WINDOWS_NODE;
  if (!wine || !nodeExe || !process.env.WINEPREFIX)
    return { kind: 'missing', reason: 'Wine is not set up for this run; use `npm run test:windows`, which installs and prepares it' };
  return { kind: 'wine', wine, nodeExe, env: process.env };
}

/** The `skip` option for tests: false when Windows Node is available, else the visible reason. */
export function skipUnlessWindowsNode(): false | string {
  const node = windowsNode();
  return node.kind === 'missing' ? node.reason : false;
}

/** A path as the Windows Node sees it: Wine maps the Linux root to drive Z:. */
export function windowsPath(file: string): string {
  if (process.platform === 'win32') return path.resolve(file);
  return 'Z:' + path.resolve(file).replace(/\//g, '\\');
}

/** A pipe name no other run uses. */
export function randomPipeName(prefix = 'grpc-ipc'): string {
  return `${prefix}-${randomBytes(6).toString('hex')}`;
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** A running Windows Node process. */
export interface Running {
  pid: number | undefined;
  stdout(): string;
  stderr(): string;
  /** Resolves with stdout once it matches, rejects with both outputs if the process ends or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  finished: Promise<Finished>;
  stop(): Promise<Finished>;
}

/** A temp folder for one test file's output files, removed when the test ends. */
export function outputDir(t: { after(fn: () => void | Promise<void>): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-win-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;

/** Starts `node.exe <args>` with stdout and stderr in files under dir; killed after timeoutMs at the latest. */
export function startWindowsNode(
  args: string[],
  options: { dir: string; timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Running {
  const node = windowsNode();
  if (node.kind === 'missing') throw new Error(node.reason);
  const id = `${process.pid}-${++counter}`;
  const outFile = path.join(options.dir, `${id}.out.txt`);
  const errFile = path.join(options.dir, `${id}.err.txt`);
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  const [command, commandArgs] = node.kind === 'wine' ? [node.wine, [node.nodeExe, ...args]] : [node.nodeExe, args];
  const started = Date.now();
  const child: ChildProcess = spawn(command, commandArgs, {
    stdio: ['ignore', out, err],
    env: { ...node.env, ...options.env },
    cwd: options.cwd,
    windowsHide: true,
  });
  fs.closeSync(out);
  fs.closeSync(err);
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const finished = new Promise<Finished>((resolve) => {
    const done = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: read(outFile), stderr: read(errFile), ms: Date.now() - started, timedOut });
    };
    child.on('error', () => done(null, null));
    child.on('close', done);
  });
  let exited = false;
  void finished.then(() => (exited = true));
  return {
    pid: child.pid,
    stdout: () => read(outFile),
    stderr: () => read(errFile),
    finished,
    async waitForOutput(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = read(outFile).match(pattern);
        if (match) return match;
        if (exited || Date.now() > deadline) {
          const why = exited ? 'the process ended' : `${timeoutMs} ms passed`;
          throw new Error(`${why} before its output matched ${pattern}.\nstdout: ${read(outFile)}\nstderr: ${read(errFile)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      if (!exited) child.kill('SIGKILL');
      return finished;
    },
  };
}

/** Runs `node.exe <args>` to the end. */
export function runWindowsNode(
  args: string[],
  options: { dir: string; timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string },
): Promise<Finished> {
  return startWindowsNode(args, options).finished;
}

/** One line for a failure message: how the process ended and what it said. */
export function describeRun(run: Finished): string {
  const end = run.timedOut ? `timed out after ${run.ms} ms` : `exit ${run.code ?? run.signal} after ${run.ms} ms`;
  return `${end}\nstdout: ${run.stdout.trim() || '(empty)'}\nstderr: ${run.stderr.trim() || '(empty)'}`;
}
