// The grpc-ipc command bundled once per test file and run as a real child process, for the tests
// that check what a user sees: stdout, stderr and the exit code.
import { after, before } from 'node:test';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = path.resolve(__dirname, '../..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Written to stdin, then stdin is closed. */
  stdin?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Bundles src/cli/main.ts under dist/ (so it finds protos/) before the file's tests, removes it after. */
export function useCliBundle(): { path: () => string } {
  let bundle = '';
  let dir = '';
  before(async () => {
    fs.mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
    dir = fs.mkdtempSync(path.join(ROOT, 'dist', 'test-hostile-'));
    bundle = path.join(dir, 'cli.js');
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'error',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { path: () => bundle };
}

/** Starts the bundled CLI; the caller reads its output as it comes. */
export function spawnCli(bundle: string, args: string[], options: CliOptions = {}): ChildProcessWithoutNullStreams {
  // A .ts entry (the sources) runs under tsx; the bundle runs as it is.
  const entry = bundle.endsWith('.ts') ? ['--import', 'tsx', bundle] : [bundle];
  return spawn(process.execPath, [...entry, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Runs the bundled CLI to its end. */
export function runCli(bundle: string, args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(bundle, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => (stdout += chunk));
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin!.on('error', () => undefined); // the CLI may exit before reading everything
    child.stdin!.end(options.stdin ?? '');
  });
}

/** A user-facing failure: one `grpc-ipc:` message (or the call's `CODE: message` status), no stack trace, no raw errno line. */
export function assertCleanFailure(run: CliRun): void {
  if (/\n\s+at [^\n]+:\d+:\d+\)?/.test(run.stderr)) throw new Error(`stack trace on stderr:\n${run.stderr}`);
  if (!/^(grpc-ipc|[A-Z_]+): /m.test(run.stderr)) throw new Error(`no grpc-ipc: message or status on stderr:\n${run.stderr}`);
}
