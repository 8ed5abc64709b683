// Entry points for the request panel: open it (from a command, a tree item or a saved request file)
// and bring it back after a reload.
import * as vscode from 'vscode';
import type { InitMessage, TargetDraft } from '../../../webview/protocol';
import * as core from './core';
import { loadSavedRequest } from './handlers';
import { type PanelContext, REQUEST_PANEL_VIEW_TYPE, RequestPanel } from './panel';

export { REQUEST_PANEL_VIEW_TYPE, type PanelContext } from './panel';

let current: RequestPanel | undefined;

/**
 * Opens the request builder. `target` is a target string (`unix:/run/app.sock`, `host:port`, …) or
 * the URI of a saved request under .vscode/grpc-ipc/requests; `method` is `pkg.Service/Method`.
 */
export async function openRequestPanel(ctx: PanelContext, target?: string | vscode.Uri, method?: string): Promise<RequestPanel> {
  const preset = await presetFor(target, method);
  if (current && !preset) {
    current.panel.reveal();
    return current;
  }
  const panel = vscode.window.createWebviewPanel(REQUEST_PANEL_VIEW_TYPE, 'gRPC Request', vscode.ViewColumn.Active, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist')],
  });
  return track(new RequestPanel(panel, ctx, preset));
}

/** Registers the serializer that restores open panels after a window reload. Call once from activate(). */
export function registerRequestPanel(ctx: PanelContext): void {
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
      // The webview restores its own fields from vscode.getState(); the host starts fresh.
      deserializeWebviewPanel: async (panel) => void track(new RequestPanel(panel, ctx)),
    }),
    { dispose: () => current?.dispose() },
  );
}

function track(panel: RequestPanel): RequestPanel {
  current = panel;
  panel.onDidDispose = () => {
    if (current === panel) current = undefined;
  };
  return panel;
}

async function presetFor(target: string | vscode.Uri | undefined, method: string | undefined): Promise<InitMessage['preset'] | undefined> {
  if (target instanceof vscode.Uri) return { state: await loadSavedRequest(target) };
  if (!target && !method) return undefined;
  const preset: NonNullable<InitMessage['preset']> = {};
  if (method) preset.method = method.replace(/^\//, '').replace(/\/([^/]+)$/, '.$1');
  if (target) preset.draft = toDraft(core.parseTarget(target));
  return preset;
}

function toDraft(endpoint: core.Endpoint): TargetDraft {
  switch (endpoint.kind) {
    case 'unix':
      return { kind: 'unix', path: endpoint.path };
    case 'abstract':
      return { kind: 'abstract', name: endpoint.name };
    case 'pipe':
      return { kind: 'pipe', name: endpoint.name };
    case 'tcp':
      return { kind: 'tcp', host: endpoint.host, port: String(endpoint.port) };
  }
}

/** Takes over a panel VS Code restores after a reload (openPanel.ts registers the serializer lazily). */
export function restoreRequestPanel(ctx: PanelContext, panel: vscode.WebviewPanel): void {
  track(new RequestPanel(panel, ctx));
}
