// Starts a throwaway code-server: fresh user data and extensions folders, the VSIX installed,
// a workspace folder, bound to 127.0.0.1 on a free port. stop() ends only what it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, stopProcessTree } from '../../../scripts/tools.mjs';

/** What a test wants from the code-server it starts. */
export interface CodeServerOptions {
  /** The VSIX to install. */
  vsix: string;
  /** Other VSIX files to install beside it (test fixtures). */
  alsoInstall?: string[];
  /** User settings (`User/settings.json`). */
  settings?: Record<string, unknown>;
  /** Files to create in the workspace folder, by relative path. */
  files?: Record<string, string>;
}

/** A running code-server. */
export interface CodeServer {
  url: string;
  workspaceDir: string;
  userDataDir: string;
  /** code-server's own output, for failure messages. */
  logFile: string;
  /** The last lines of the extension host log and code-server's output. */
  diagnostics(): string;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 90_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} exited with ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before it was ready:\n${tail(logFile, 40)}`);
    try {
      const response = await fetch(`${url}healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url}healthz within ${STARTUP_TIMEOUT_MS / 1000} s:\n${tail(logFile, 40)}`);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}

/** Finds the newest extension host log (exthost.log, or remoteexthost.log on a server) under the user data folder. */
function extensionHostLog(userDataDir: string): string | undefined {
  const logs = path.join(userDataDir, 'logs');
  try {
    for (const session of readdirSync(logs).sort().reverse()) {
      const found = findFile(path.join(logs, session), 'exthost.log');
      if (found) return found;
    }
  } catch {
    // no logs yet
  }
  return undefined;
}

function findFile(dir: string, name: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name.endsWith(name)) return full;
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** Installs the VSIX into fresh folders and starts code-server on them. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const tool = await ensureCodeServer();
  const root = mkdtempSync(path.join(os.tmpdir(), 'gi-e2e-'));
  const userDataDir = path.join(root, 'user');
  const extensionsDir = path.join(root, 'extensions');
  const workspaceDir = path.join(root, 'workspace');
  const logFile = path.join(root, 'code-server.log');
  // code-server, its extension host and the servers they start put sockets and folders in the temp and
  // runtime folders, and a killed process leaves them there: give them folders that stop() removes.
  const tmpDir = path.join(root, 'tmp');
  const runtimeDir = path.join(root, 'run');
  for (const dir of [userDataDir, extensionsDir, workspaceDir, path.join(userDataDir, 'User'), tmpDir, runtimeDir])
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings ?? {}, null, 2));
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    const file = path.join(workspaceDir, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  // Keep code-server's config file and any state it writes to $HOME inside the temp folder.
  const env = {
    ...tool.env,
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_DATA_HOME: path.join(root, 'data'),
    TMPDIR: tmpDir,
    XDG_RUNTIME_DIR: runtimeDir,
  };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(root, 'config.yaml')];

  const installs = [options.vsix, ...(options.alsoInstall ?? [])].flatMap((vsix) => ['--install-extension', vsix]);
  await runToEnd(tool.node, [tool.entry, ...common, ...installs], env);

  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const log = openSync(logFile, 'a');
  // Its own process group, so stop() can end code-server with its extension host and anything that spawned.
  const child = spawn(
    tool.node,
    [
      tool.entry,
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspaceDir,
    ],
    { env, stdio: ['ignore', log, log], detached: true },
  );
  closeSync(log);
  const stop = async (): Promise<void> => {
    // Ends code-server, its extension host and any server the extension launched, and nothing else.
    await stopProcessTree(child);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntilHealthy(url, child, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    workspaceDir,
    userDataDir,
    logFile,
    diagnostics: () => {
      const exthost = extensionHostLog(userDataDir);
      return `--- code-server output (${logFile}) ---\n${tail(logFile, 30)}\n--- extension host log (${exthost ?? 'none'}) ---\n${exthost ? tail(exthost, 40) : ''}`;
    },
    stop,
  };
}
