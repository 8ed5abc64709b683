// Activation: build the context, register the view, commands and status bar. Nothing here loads
// grpc-js or protobuf: the glue reaches the core through ./lazyCore and ./openPanel, on first use.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { DEMO_SERVER_NAME } from './demoServerName';
import type { Ctx } from './context';
import { describeError } from './errors';
import { Explorer } from './explorer/tree';
import { refreshPanelIndicators, registerRequestPanelSerializer } from './openPanel';
import { PinStore } from './pins';
import { ServerManager } from './servers';
import { ServerStatusBar } from './statusBar';
import { EnvironmentStatusBar } from './environments';
import { RequestsTree } from './requests/tree';

let servers: ServerManager | undefined;

export function activate(context: vscode.ExtensionContext): void {
  try {
    const log = vscode.window.createOutputChannel('gRPC IPC', { log: true });
    servers = new ServerManager();
    const pins = new PinStore(context.globalState);
    const explorer = new Explorer(servers, pins);
    const view = vscode.window.createTreeView('grpcIpc.endpoints', { treeDataProvider: explorer, showCollapseAll: true });
    context.subscriptions.push(log, servers, pins, explorer, view, new ServerStatusBar(servers));
    const requests = new RequestsTree();
    context.subscriptions.push(
      requests,
      vscode.window.createTreeView('grpcIpc.requests', { treeDataProvider: requests }),
      new EnvironmentStatusBar(context),
    );
    const ctx: Ctx = { extension: context, log, servers, pins, explorer, view };
    registerCommands(ctx);
    registerRequestPanelSerializer(context);
    watchForChanges(ctx);
  } catch (error) {
    void vscode.window.showErrorMessage(`gRPC IPC failed to start: ${describeError(error)}`);
  }
}

/** Re-reads what the explorer shows when settings, launch files, trust or visibility change. */
function watchForChanges(ctx: Ctx): void {
  const refresh = () => void ctx.explorer.refresh();
  const launchFiles = vscode.workspace.createFileSystemWatcher('**/.vscode/grpc-ipc.json');
  ctx.extension.subscriptions.push(
    launchFiles,
    launchFiles.onDidChange(refresh),
    launchFiles.onDidCreate(refresh),
    launchFiles.onDidDelete(refresh),
    vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('grpcIpc') && refresh()),
    vscode.workspace.onDidGrantWorkspaceTrust(refresh),
    ctx.servers.onDidChange(() => {
      // A server that starts, stops or restarts changes what the request panels' indicators must say.
      void refreshPanelIndicators();
      // The walkthrough's first step completes when the demo server really runs, not when its command is clicked.
      void vscode.commands.executeCommand(
        'setContext',
        'grpcIpc.demoServerRunning',
        ctx.servers.get(DEMO_SERVER_NAME)?.state.kind === 'running',
      );
    }),
    ctx.view.onDidChangeVisibility((event) => ctx.explorer.setVisible(event.visible)),
  );
  if (ctx.view.visible) ctx.explorer.setVisible(true);
}

/** Stops every server this window started (the whole process group of each). */
export async function deactivate(): Promise<void> {
  await servers?.stopAll();
}
