// What each command does, by id. This table and the modules it imports live in the lazy bundle
// (lazy.ts re-exports it): activation registers the ids only (commands.ts), and the first command run
// loads them.
import * as vscode from 'vscode';
import { addLaunchConfiguration } from './commands/addLaunchConfig';
import { attachToAddress } from './commands/attach';
import { copyAsGrpcurl } from './commands/copyGrpcurl';
import { sendDemoCall, startDemoServer } from './commands/demo';
import { copyAddress, openRequestBuilder, pin, removeStaleSocket, revealSocketFile, unpin } from './commands/endpoint';
import { restartServer, showLogs, showServers, startServer, stopServer } from './commands/servers';
import type { CommandArg, CommandId } from './commandTypes';
import type { Ctx } from './context';
import type { TreeNode } from './explorer/nodes';
import { selectEnvironment, setEnvironmentSecret } from './environments';
import { deleteSavedRequest, openSavedRequest, renameSavedRequest, runSavedRequest } from './requests/commands';

type Handler = (ctx: Ctx, arg?: CommandArg) => unknown;

/** For commands that act on tree rows only. */
const onRows =
  (handler: (ctx: Ctx, node?: TreeNode) => unknown): Handler =>
  (ctx, arg) =>
    handler(ctx, arg instanceof vscode.Uri ? undefined : arg);

/** Command id → handler. Titles, categories and menus live in package.json under the same ids. */
export const COMMAND_HANDLERS: Record<CommandId, Handler> = {
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
