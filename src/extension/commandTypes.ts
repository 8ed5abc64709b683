// The command ids, shared by activation (which registers them) and the lazy handler table (which must
// have one handler for each: a missing or extra id does not compile).
import type * as vscode from 'vscode';
import type { TreeNode } from './explorer/nodes';

/** Every command id this extension registers; package.json contributes the same ids. */
export const COMMAND_IDS = [
  'grpcIpc.refresh',
  'grpcIpc.attach',
  'grpcIpc.startServer',
  'grpcIpc.stopServer',
  'grpcIpc.restartServer',
  'grpcIpc.startDemoServer',
  'grpcIpc.sendDemoCall',
  'grpcIpc.openRequestBuilder',
  'grpcIpc.copyAsGrpcurl',
  'grpcIpc.showLogs',
  'grpcIpc.addLaunchConfiguration',
  'grpcIpc.showServers',
  'grpcIpc.copyAddress',
  'grpcIpc.revealSocketFile',
  'grpcIpc.removeStaleSocket',
  'grpcIpc.pin',
  'grpcIpc.unpin',
  'grpcIpc.openSavedRequest',
  'grpcIpc.runSavedRequest',
  'grpcIpc.renameSavedRequest',
  'grpcIpc.deleteSavedRequest',
  'grpcIpc.selectEnvironment',
  'grpcIpc.setEnvironmentSecret',
] as const;

export type CommandId = (typeof COMMAND_IDS)[number];

/** What a command receives: a tree row from a view menu, a file from the Explorer's menu, or nothing. */
export type CommandArg = TreeNode | vscode.Uri;
