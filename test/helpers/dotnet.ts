// The .NET peers of test/dotnet: builds them once, starts the Kestrel server, runs the .NET client.
// Every process started here is ended by the test that started it.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DOTNET_ENV, dotnetBuildArgs, findDotnet } from '../../scripts/tools.mjs';

export { DOTNET_ENV };

const repoRoot = path.resolve(__dirname, '..', '..');
const artifacts = path.join(repoRoot, 'test', 'dotnet', 'artifacts', 'bin');
export const serverDll = path.join(artifacts, 'Server', 'debug', 'Server.dll');
export const clientDll = path.join(artifacts, 'Client', 'debug', 'Client.dll');

/** Why the .NET peers cannot run here, or undefined when the .NET 10 SDK is installed. */
export function dotnetMissingReason(): string | undefined {
  return findDotnet().reason;
}

/**
 * Restores and builds the server and the client, once per process. The test runner builds before it
 * starts the test files and sets GRPC_IPC_DOTNET_BUILT, so that files running side by side do not build
 * the same outputs at once. No build servers are left behind (--disable-build-servers).
 */
let building: Promise<void> | undefined;
export function buildDotnetPeers(): Promise<void> {
  if (process.env.GRPC_IPC_DOTNET_BUILT === '1' && fs.existsSync(serverDll) && fs.existsSync(clientDll)) return Promise.resolve();
  building ??= new Promise((resolve, reject) => {
    const child = spawn('dotnet', dotnetBuildArgs(repoRoot), {
      env: { ...process.env, ...DOTNET_ENV },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`dotnet ${dotnetBuildArgs('.').join(' ')} failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
  return building;
}

/** What the Kestrel server listens on. */
export interface KestrelOptions {
  /** Plaintext HTTP/2 sockets. */
  sockets?: string[];
  /** Also the guide's default, `socket.tmp` in the temp folder (TMPDIR). */
  defaultSocket?: boolean;
  /** A TLS socket with this certificate and key (PEM files). */
  tls?: { socket: string; cert: string; key: string };
  /** The server's temp folder (TMPDIR): socket.tmp and the runtime's diagnostics socket go there. */
  tmpDir: string;
}

/** A running Kestrel server. */
export interface Kestrel {
  pid: number;
  child: ChildProcess;
  /** The socket paths it printed as listening, in order. */
  sockets: string[];
  /** Everything it wrote to stderr so far: its warnings, and `request /path …` and `response /path grpc-encoding=…` per request. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the built Kestrel server and waits until every socket listens. */
export async function startKestrel(options: KestrelOptions): Promise<Kestrel> {
  const args = [serverDll];
  for (const socket of options.sockets ?? []) args.push('--socket', socket);
  if (options.defaultSocket) args.push('--default-socket');
  if (options.tls) args.push('--tls-socket', options.tls.socket, '--cert', options.tls.cert, '--key', options.tls.key);
  const expected = (options.sockets?.length ?? 0) + (options.defaultSocket ? 1 : 0) + (options.tls ? 1 : 0);
  const child = spawn('dotnet', args, {
    env: { ...process.env, ...DOTNET_ENV, TMPDIR: options.tmpDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const sockets = await new Promise<string[]>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Kestrel did not listen within 60 s:\n${stdout}${stderr}`)), 60_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const listening = [...stdout.matchAll(/^listening unix:(.+)$/gm)].map((match) => match[1] as string);
      if (listening.length === expected) {
        clearTimeout(timer);
        resolve(listening);
      }
    });
    child.on('error', fail);
    child.on('exit', (code) => fail(new Error(`Kestrel exited with ${code} before listening:\n${stdout}${stderr}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid as number, child, sockets, stderr: () => stderr, stop };
}

/** The result of one .NET client run. */
export interface ClientRun {
  code: number | null;
  /** One `{kind, message}` object per line the client printed. */
  lines: { kind: string; message: Record<string, unknown> }[];
  stderr: string;
}

/** Runs the .NET client against a socket (with a thumbprint: over TLS). */
export function runDotnetClient(socket: string, thumbprint?: string): Promise<ClientRun> {
  const args = [clientDll, '--socket', socket, ...(thumbprint ? ['--thumbprint', thumbprint] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn('dotnet', args, { env: { ...process.env, ...DOTNET_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as ClientRun['lines'][number]);
      resolve({ code, lines, stderr });
    });
  });
}

/** A short owner-only temp folder (socket paths are limited to 107 bytes). */
export function privateTempDir(prefix = 'gi-dn-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o700);
  return dir;
}

const cliBundle = path.join(repoRoot, 'dist', 'cli.js');

/** The result of one `grpc-ipc` run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `grpc-ipc` (dist/cli.js, as shipped) with these arguments; `stdin` is written and closed. */
export function runCli(args: string[], stdin = ''): Promise<CliRun> {
  if (!fs.existsSync(cliBundle))
    return Promise.reject(new Error(`${path.relative(repoRoot, cliBundle)} is missing: run \`npm run build\` first.`));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBundle, ...args], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
