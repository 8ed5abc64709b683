// "Launch Demo Server": the built-in demo service as a child process (`cli.js serve-demo`), so it has
// logs, stop and restart like any configured server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTarget, parseTarget } from '../../ipc/endpoint';
import type { ResolvedServer } from '../../ipc/launch/config';
import { pickSocketPath, shortSocketDirs } from '../../ipc/launch/socketDir';
import type { Ctx } from '../context';
import { launchServer } from '../launcher';
import { openRequestBuilderPanel } from '../openPanel';
import { allowLaunch } from '../trust';
import { IpcError } from '../../ipc/errors';
import { DEMO_SERVER_NAME } from '../demoServerName';

export { DEMO_SERVER_NAME };

/** The method the request builder opens on, in the panel's one form (`pkg.Service.Method`). */
export const DEMO_METHOD = 'grpcipc.demo.v1.Demo.Echo';

export async function startDemoServer(ctx: Ctx): Promise<void> {
  // Checked here too, before anything is created on disk.
  if (!(await allowLaunch('the demo server'))) return;
  const config = demoConfig(ctx);
  const server = await launchServer(ctx, config);
  if (!server) return;
  const open = 'Open Request Builder';
  const choice = await vscode.window.showInformationMessage(`${DEMO_SERVER_NAME} is listening on ${formatTarget(config.endpoint)}.`, open);
  if (choice === open) await openRequestBuilderPanel(ctx.extension, config.endpoint, DEMO_METHOD);
}

/**
 * "Send a Call to the Demo Server" (the walkthrough's last step): starts the demo server when it is not
 * running, then opens the request builder on its Echo method and sends the template request.
 */
export async function sendDemoCall(ctx: Ctx): Promise<void> {
  let running = ctx.servers.get(DEMO_SERVER_NAME);
  if (running?.state.kind !== 'running') {
    if (!(await allowLaunch('the demo server'))) return;
    if (!(await launchServer(ctx, demoConfig(ctx)))) return;
    running = ctx.servers.get(DEMO_SERVER_NAME);
  }
  if (!running) return;
  await openRequestBuilderPanel(ctx.extension, running.config.endpoint, DEMO_METHOD, { run: true });
}

/** The demo's launch configuration: this extension's CLI run by the extension host's own runtime. */
export function demoConfig(ctx: Ctx): ResolvedServer {
  const listen = demoTarget(ctx);
  const endpoint = parseTarget(listen);
  const cwd = endpoint.kind === 'unix' ? path.dirname(endpoint.path) : ctx.extension.extensionPath;
  if (endpoint.kind === 'unix') fs.mkdirSync(cwd, { recursive: true, mode: 0o700 });
  return {
    name: DEMO_SERVER_NAME,
    command: process.execPath,
    args: [ctx.extension.asAbsolutePath(path.join('dist', 'cli.js')), 'serve-demo', '--listen', listen],
    cwd,
    // The extension host may be Electron; this makes its binary behave as plain Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    listen,
    readyTimeout: 20_000,
    protoFiles: [],
    importPaths: [],
    origin: 'built-in',
    endpoint,
  };
}

/** A socket in the extension's storage when that path is short enough, else in a short per-user folder. */
function demoTarget(ctx: Ctx): string {
  if (process.platform === 'win32') return `npipe:grpc-ipc-demo-${process.pid}`;
  const storage = [ctx.extension.storageUri?.fsPath, ctx.extension.globalStorageUri.fsPath];
  const socket = pickSocketPath([...storage, ...shortSocketDirs()], 'demo.sock');
  if (!socket)
    throw new IpcError(
      'path-too-long',
      'No folder with a short enough path was found for the demo socket.',
      'Set $XDG_RUNTIME_DIR or $TMPDIR to a short path.',
    );
  return `unix:${socket}`;
}
