// Entry points for the request panel: open it (from a command, a tree item or a saved request file)
// and bring it back after a reload. ../openPanel.ts loads this module on first use, so activation
// never pulls in grpc-js or protobuf.
import * as vscode from 'vscode';
import type { InitMessage } from '../../shared/protocol';
import { draftFromEndpoint, type Endpoint } from '../../ipc/endpoint';
import { REQUEST_PANEL_VIEW_TYPE } from '../panelViewType';
import { type PanelContext, RequestPanel } from './panel';
import { readSavedRequest } from './savedRequest';

export type { PanelContext } from './panel';

let current: RequestPanel | undefined;

/** Opens the request builder, on an endpoint and a method (`pkg.Service.Method`) when given. */
export async function openRequestPanel(ctx: PanelContext, endpoint?: Endpoint, method?: string): Promise<RequestPanel> {
  const preset = endpoint || method ? { ...(endpoint ? { draft: draftFromEndpoint(endpoint) } : {}), ...(method ? { method } : {}) } : undefined;
  return open(ctx, preset);
}

/** Opens the request builder on a saved request file under .vscode/grpc-ipc/requests; `run` sends it at once. */
export async function openSavedRequest(ctx: PanelContext, file: vscode.Uri, options: { run?: boolean } = {}): Promise<RequestPanel> {
  const state = readSavedRequest(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'));
  return open(ctx, { state, ...(options.run ? { run: true } : {}) });
}

async function open(ctx: PanelContext, preset: InitMessage['preset'] | undefined): Promise<RequestPanel> {
  if (current && !preset) {
    current.panel.reveal();
    return current;
  }
  const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'gRPC Request', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist')],
  });
  return track(ctx, new RequestPanel(panel, ctx, preset));
}

/** The current panel; its calls and spool files also end when the extension deactivates. */
function track(ctx: PanelContext, panel: RequestPanel): RequestPanel {
  ctx.subscriptions.push(panel);
  current = panel;
  panel.onDidDispose = () => {
    if (current === panel) current = undefined;
  };
  return panel;
}

/** Takes over a panel VS Code restores after a reload (openPanel.ts registers the serializer lazily). */
export function restoreRequestPanel(ctx: PanelContext, panel: vscode.WebviewPanel): void {
  track(ctx, new RequestPanel(panel, ctx));
}
