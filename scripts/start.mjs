// `npm start`: the product as a user meets it, in real VS Code (code-server) in your browser.
// Builds and packages the extension, installs it into a persistent dev profile (.tools/dev-profile),
// opens a demo workspace (.tools/demo-workspace) with a launch configuration for the demo server,
// runs a demo server next to it, and prints the URL. Ctrl+C stops everything it started.
//   PORT=8080 (default)   where code-server listens, on 127.0.0.1 only
//   GRPC_IPC_STATE=dir    where the dev profile and the demo workspace live (default .tools)
//   --exit-when-ready     start everything, check the workbench answers, then stop (used to test this script)
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ensureCodeServer, stopProcessTree } from './tools.mjs';
import { repoRoot, run } from './tools/common.mjs';
import { ensureDependencies } from './tools/dependencies.mjs';

// GRPC_IPC_STATE moves the profile and the demo workspace (the tests use a temp dir).
const stateDir = process.env.GRPC_IPC_STATE ? path.resolve(process.env.GRPC_IPC_STATE) : path.join(repoRoot, '.tools');
const profileDir = path.join(stateDir, 'dev-profile');
const workspaceDir = path.join(stateDir, 'demo-workspace');
const socketDir = path.join(workspaceDir, '.sockets');
const port = Number(process.env.PORT ?? 8080);
const exitWhenReady = process.argv.includes('--exit-when-ready');

function say(message) {
  console.log(`[start] ${message}`);
}

/** Settings of the demo workspace itself. */
const DEMO_WORKSPACE_SETTINGS = { 'git.openRepositoryInParentFolders': 'never' };

/**
 * code-server flags for npm start's session. The user asked for the demo workspace by running npm start,
 * so it opens without the Workspace Trust prompt. The flag holds for this code-server session only and
 * is not written to the profile; Restricted Mode is tried in a window started without it (see test/e2e).
 */
const SESSION_FLAGS = ['--disable-workspace-trust'];

/** Writes the demo workspace: a README and a launch configuration that starts the demo server on Node 22. */
function writeDemoWorkspace(node) {
  mkdirSync(path.join(workspaceDir, '.vscode'), { recursive: true });
  mkdirSync(socketDir, { recursive: true });
  const cli = path.join(repoRoot, 'dist', 'cli.js');
  const launched = 'unix:${workspaceFolder}/.sockets/launched.sock';
  const config = {
    servers: [
      { name: 'Demo server (Unix socket)', command: node, args: [cli, 'serve-demo', '--listen', launched], listen: launched },
      { name: 'Demo server (abstract socket)', command: node, args: [cli, 'serve-demo', '--listen', 'unix-abstract:grpc-ipc-demo-launched'], listen: 'unix-abstract:grpc-ipc-demo-launched' },
    ],
  };
  writeFileSync(path.join(workspaceDir, '.vscode', 'grpc-ipc.json'), `${JSON.stringify(config, null, 2)}\n`);
  // The demo workspace lives inside this repository's checkout; without this VS Code offers to open
  // the parent repository in a notification the moment the workspace opens.
  writeFileSync(path.join(workspaceDir, '.vscode', 'settings.json'), `${JSON.stringify(DEMO_WORKSPACE_SETTINGS, null, 2)}\n`);
  writeFileSync(
    path.join(workspaceDir, 'README.md'),
    [
      '# gRPC IPC demo workspace',
      '',
      `A demo server is already listening on \`unix:${path.join(socketDir, 'demo.sock')}\`: find it in the gRPC IPC view.`,
      '',
      '`.vscode/grpc-ipc.json` holds two launch configurations for more demo servers: start them from the',
      "view's Servers group or with **gRPC IPC: Start Server…**. **gRPC IPC: Launch Demo Server** starts the built-in one.",
      '',
    ].join('\n'),
  );
}

/** Spawns a long-running child in its own process group, with its output going to a log file. */
function spawnLogged(command, args, { env, logFile }) {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { env, stdio: ['ignore', log, log], detached: true });
  closeSync(log);
  return child;
}

async function waitForHealth(url, child, what, logFile) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}; see ${logFile}`);
    try {
      if ((await globalThis.fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${what} did not answer ${url} within 90 s; see ${logFile}`);
}

/** Waits until the demo server's socket file exists; false when it exits or the time runs out. */
async function waitForSocket(file, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (existsSync(file)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return existsSync(file);
}

async function main() {
  await ensureDependencies();
  const tool = await ensureCodeServer();
  say('building and packaging the extension ...');
  await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, label: 'package' });
  const vsix = path.join(repoRoot, 'grpc-ipc.vsix');

  const userDataDir = path.join(profileDir, 'user');
  const extensionsDir = path.join(profileDir, 'extensions');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, `${JSON.stringify({ 'workbench.startupEditor': 'readme', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'telemetry.telemetryLevel': 'off' }, null, 2)}\n`);
  const env = { ...tool.env, XDG_CONFIG_HOME: path.join(profileDir, 'config'), XDG_DATA_HOME: path.join(profileDir, 'data') };
  const common = [tool.entry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', path.join(profileDir, 'config.yaml')];
  say('installing the VSIX into the dev profile ...');
  await run(tool.node, [...common, '--install-extension', vsix, '--force'], { env, label: 'install' });

  writeDemoWorkspace(tool.node);
  const demoSocket = path.join(socketDir, 'demo.sock');
  rmSync(demoSocket, { force: true });
  const demoLog = path.join(profileDir, 'demo-server.log');
  // Node 22, like VS Code's own extension host, so abstract sockets behave the same everywhere.
  const demo = spawnLogged(tool.node, [path.join(repoRoot, 'dist', 'cli.js'), 'serve-demo', '--listen', `unix:${demoSocket}`], { env, logFile: demoLog });
  demo.once('exit', (code, signal) => {
    if (stopping) return;
    const tail = existsSync(demoLog) ? readFileSync(demoLog, 'utf8').trim().split('\n').slice(-5).join('\n    ') : '';
    say(`the demo server stopped (${signal ?? `exit ${code}`}); code-server keeps running. Its log (${demoLog}):\n    ${tail}`);
  });

  const codeServerLog = path.join(profileDir, 'code-server.log');
  const url = `http://127.0.0.1:${port}/`;
  const server = spawnLogged(tool.node, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', ...SESSION_FLAGS, workspaceDir], { env, logFile: codeServerLog });

  let stopping = false;
  const stop = async (why) => {
    if (stopping) return;
    stopping = true;
    say(`${why}: stopping code-server and the demo server ...`);
    await Promise.all([stopProcessTree(server), stopProcessTree(demo)]);
    rmSync(demoSocket, { force: true });
    say('stopped.');
  };
  process.once('SIGINT', () => stop('Ctrl+C').then(() => process.exit(0)));
  process.once('SIGTERM', () => stop('SIGTERM').then(() => process.exit(0)));
  server.once('exit', (code) => {
    if (!stopping) stop(`code-server exited (${code}); see ${codeServerLog}`).then(() => process.exit(1));
  });

  await waitForHealth(`${url}healthz`, server, 'code-server', codeServerLog);
  const demoReady = await waitForSocket(demoSocket, demo, 20_000);
  console.log(
    [
      '',
      `  VS Code (code-server ${tool.version}) with gRPC IPC is running. Open this in your browser:`,
      '',
      `      ${url}`,
      '',
      `  It listens on 127.0.0.1 only. From another machine, forward the port first: ssh -L ${port}:127.0.0.1:${port} <this host>`,
      `  Workspace: ${workspaceDir} (trusted for this session: npm start opened it for you)`,
      `  Demo server: unix:${demoSocket} ${demoReady ? '(listening)' : '(NOT listening, see its log)'}  (log: ${demoLog})`,
      `  Dev profile: ${profileDir}  (code-server log: ${codeServerLog})`,
      '  Change the code and run npm start again to reinstall the extension. Ctrl+C stops everything.',
      '',
    ].join('\n'),
  );
  if (exitWhenReady) {
    const page = await globalThis.fetch(url);
    if (!page.ok) throw new Error(`the workbench page answered ${page.status}`);
    if (!demoReady) {
      await stop('--exit-when-ready');
      throw new Error(`the demo server did not listen on ${demoSocket}; see ${demoLog}`);
    }
    await stop('--exit-when-ready');
  }
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
