// Every command, in one table, registered in one loop. Errors end in a notification, never silently.
import * as vscode from 'vscode';
import { addLaunchConfiguration } from './commands/addLaunchConfig';
import { attachToAddress } from './commands/attach';
import { copyAsGrpcurl } from './commands/copyGrpcurl';
import { sendDemoCall, startDemoServer } from './commands/demo';
import { copyAddress, openRequestBuilder, pin, removeStaleSocket, revealSocketFile, unpin } from './commands/endpoint';
import { restartServer, showLogs, showServers, startServer, stopServer } from './commands/servers';
import type { Ctx } from './context';
import { describeError } from './errors';
import type { TreeNode } from './explorer/nodes';
import { selectEnvironment, setEnvironmentSecret } from './environments';
import { deleteSavedRequest, openSavedRequest, renameSavedRequest, runSavedRequest } from './requests/commands';

/** What a command receives: a tree row from a view menu, a file from the Explorer's menu, or nothing. */
type CommandArg = TreeNode | vscode.Uri;
type Handler = (ctx: Ctx, arg?: CommandArg) => unknown;

/** For commands that act on tree rows only. */
const onRows =
  (handler: (ctx: Ctx, node?: TreeNode) => unknown): Handler =>
  (ctx, arg) =>
    handler(ctx, arg instanceof vscode.Uri ? undefined : arg);

/** Command id → handler. Titles, categories and menus live in package.json under the same ids. */
export const COMMANDS: Record<string, Handler> = {
  'grpcIpc.refresh': (ctx) => ctx.explorer.refresh(),
  'grpcIpc.attach': attachToAddress,
  'grpcIpc.startServer': onRows(startServer),
  'grpcIpc.stopServer': onRows(stopServer),
  'grpcIpc.restartServer': onRows(restartServer),
  'grpcIpc.startDemoServer': startDemoServer,
  'grpcIpc.sendDemoCall': sendDemoCall,
  'grpcIpc.openRequestBuilder': openRequestBuilder,
  'grpcIpc.copyAsGrpcurl': onRows(copyAsGrpcurl),
  'grpcIpc.showLogs': onRows(showLogs),
  'grpcIpc.addLaunchConfiguration': addLaunchConfiguration,
  'grpcIpc.showServers': showServers,
  'grpcIpc.copyAddress': onRows(copyAddress),
  'grpcIpc.revealSocketFile': onRows(revealSocketFile),
  'grpcIpc.removeStaleSocket': onRows(removeStaleSocket),
  'grpcIpc.pin': onRows(pin),
  'grpcIpc.unpin': onRows(unpin),
  'grpcIpc.openSavedRequest': openSavedRequest,
  'grpcIpc.runSavedRequest': runSavedRequest,
  'grpcIpc.renameSavedRequest': renameSavedRequest,
  'grpcIpc.deleteSavedRequest': deleteSavedRequest,
  'grpcIpc.selectEnvironment': (ctx) => selectEnvironment(ctx.extension),
  'grpcIpc.setEnvironmentSecret': (ctx) => setEnvironmentSecret(ctx.extension),
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          await handler(ctx, isTreeNode(arg) || arg instanceof vscode.Uri ? arg : undefined);
        } catch (error) {
          ctx.log.error(`${id}: ${describeError(error)}`);
          void vscode.window.showErrorMessage(describeError(error));
        }
      }),
    );
  }
}

/** Keybindings and links can pass anything; only tree rows and file URIs are passed on. */
function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
