// Every command, in one table, registered in one loop. Errors end in a notification, never silently.
import * as vscode from 'vscode';
import { addLaunchConfiguration } from './commands/addLaunchConfig';
import { attachToAddress } from './commands/attach';
import { copyAsGrpcurl } from './commands/copyGrpcurl';
import { startDemoServer } from './commands/demo';
import { copyAddress, openRequestBuilder, pin, removeStaleSocket, revealSocketFile, unpin } from './commands/endpoint';
import { restartServer, showLogs, showServers, startServer, stopServer } from './commands/servers';
import type { Ctx } from './context';
import { describeError } from './errors';
import type { TreeNode } from './explorer/nodes';

type Handler = (ctx: Ctx, node?: TreeNode) => unknown;

/** Command id → handler. Titles, categories and menus live in package.json under the same ids. */
export const COMMANDS: Record<string, Handler> = {
  'grpcIpc.refresh': (ctx) => ctx.explorer.refresh(),
  'grpcIpc.attach': attachToAddress,
  'grpcIpc.startServer': startServer,
  'grpcIpc.stopServer': stopServer,
  'grpcIpc.restartServer': restartServer,
  'grpcIpc.startDemoServer': startDemoServer,
  'grpcIpc.openRequestBuilder': openRequestBuilder,
  'grpcIpc.copyAsGrpcurl': copyAsGrpcurl,
  'grpcIpc.showLogs': showLogs,
  'grpcIpc.addLaunchConfiguration': addLaunchConfiguration,
  'grpcIpc.showServers': showServers,
  'grpcIpc.copyAddress': copyAddress,
  'grpcIpc.revealSocketFile': revealSocketFile,
  'grpcIpc.removeStaleSocket': removeStaleSocket,
  'grpcIpc.pin': pin,
  'grpcIpc.unpin': unpin,
};

export function registerCommands(ctx: Ctx): void {
  for (const [id, handler] of Object.entries(COMMANDS)) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (node?: TreeNode) => {
        try {
          await handler(ctx, isTreeNode(node) ? node : undefined);
        } catch (error) {
          ctx.log.error(`${id}: ${describeError(error)}`);
          void vscode.window.showErrorMessage(describeError(error));
        }
      }),
    );
  }
}

/** Commands run from a keybinding or a URI get other arguments; only tree nodes are passed on. */
function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
