// Starting a configured server: trust gate, stale-socket handling, spawn, and the wait until the
// target really listens, with cancellable progress and a clear account of failures.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTarget, type Endpoint } from '../ipc/endpoint';
import type { ResolvedServer } from '../ipc/launch/config';
import { describeListener, findListenerByConnect, inspectListenTarget, isListening, type FindListener } from '../ipc/launch/listenTarget';
import { describeExit } from '../ipc/launch/process';
import { waitUntilListening, type ReadyOutcome } from '../ipc/launch/ready';
import type { Ctx } from './context';
import * as core from './lazyCore';
import type { ManagedServer } from './servers';
import { allowLaunch } from './trust';

const SHOW_LOGS = 'Show Logs';

/** Starts a server and waits until it listens; undefined when refused, cancelled or failed (already reported). */
export async function launchServer(ctx: Ctx, config: ResolvedServer): Promise<ManagedServer | undefined> {
  if (!(await allowLaunch(`"${config.name}"`))) return undefined;
  const address = formatTarget(config.endpoint);
  const current = ctx.servers.get(config.name);
  if (current && current.state.kind !== 'exited') {
    void vscode.window.showInformationMessage(`"${config.name}" is already running (pid ${current.process.pid}) on ${address}.`);
    return current;
  }
  if (!(await prepareTarget(config.name, config.endpoint))) return undefined;

  ctx.servers.forget(config.name);
  const server = ctx.servers.launch(config);
  const outcome = await waitForServer(server, address).catch(async (error: unknown) => {
    // The probe itself failed; do not leave a server running that nobody watches.
    await ctx.servers.stop(config.name);
    throw error;
  });

  switch (outcome.kind) {
    case 'listening':
      ctx.servers.markRunning(server);
      server.log.info(`Listening on ${address}.`);
      void ctx.explorer.refresh();
      return server;
    case 'exited': {
      const tail = server.process.lastLines(5);
      const lastLines = tail.length ? ` Last output: ${tail.join(' ⏎ ')}` : ' It printed nothing.';
      reportFailure(server, `"${config.name}" ${describeExit(outcome.exit)} before it listened on ${address}.${lastLines}`);
      return undefined;
    }
    case 'timeout':
      await ctx.servers.stop(config.name);
      reportFailure(
        server,
        `"${config.name}" did not listen on ${address} within ${config.readyTimeout} ms, so it was stopped. Check "listen" and "readyTimeout" in its configuration.`,
      );
      return undefined;
    case 'cancelled':
      await ctx.servers.stop(config.name);
      server.log.info('Start cancelled.');
      return undefined;
  }
}

/** Waits, with cancellable progress, until the server's target listens. */
async function waitForServer(server: ManagedServer, address: string): Promise<ReadyOutcome> {
  const config = server.config;
  return await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Starting ${config.name}`, cancellable: true },
    async (progress, token) => {
      progress.report({ message: `waiting for ${address} to listen…` });
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        return await waitUntilListening(() => isListening(config.endpoint, listenerFinder()), {
          exited: server.process.exited,
          timeoutMs: config.readyTimeout,
          signal: abort.signal,
        });
      } finally {
        cancel.dispose();
      }
    },
  );
}

function reportFailure(server: ManagedServer, message: string): void {
  server.log.error(message);
  void vscode.window.showErrorMessage(message, SHOW_LOGS).then((choice) => choice === SHOW_LOGS && server.log.show());
}

/** Makes sure the target is free: offers to remove a stale socket, refuses a live one or a non-socket. */
async function prepareTarget(name: string, endpoint: Endpoint): Promise<boolean> {
  const address = formatTarget(endpoint);
  if (endpoint.kind === 'unix') await fs.promises.mkdir(path.dirname(endpoint.path), { recursive: true });
  const state = await inspectListenTarget(endpoint, listenerFinder());
  switch (state.kind) {
    case 'free':
      return true;
    case 'blocked':
      void vscode.window.showErrorMessage(`Cannot start "${name}": ${state.message} Remove it or change "listen".`);
      return false;
    case 'in-use':
      void vscode.window.showErrorMessage(
        `Cannot start "${name}": ${address} is already in use by ${describeListener(state.listener)}. Stop that process or change "listen".`,
      );
      return false;
    case 'stale': {
      const remove = 'Remove and Start';
      const choice = await vscode.window.showWarningMessage(
        `The socket ${state.path} is left over from an earlier run: the file exists but nothing listens on it. Remove it and start "${name}"?`,
        { modal: true },
        remove,
      );
      if (choice !== remove) return false;
      await core.removeStaleSocket(state.path);
      return true;
    }
  }
}

/** /proc on Linux (names the process, never connects); a connect elsewhere. */
export function listenerFinder(): FindListener {
  return process.platform === 'linux' ? core.findListener : findListenerByConnect;
}
