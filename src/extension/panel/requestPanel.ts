// Entry points for the request panel: open it (from a command, a tree item or a saved request file)
// and bring it back after a reload. ../openPanel.ts loads this module on first use, so activation
// never pulls in grpc-js or protobuf.
import * as vscode from 'vscode';
import type { InitMessage, TargetDraft } from '../../shared/protocol';
import { type Endpoint, parseTarget } from '../../ipc/endpoint';
import { REQUEST_PANEL_VIEW_TYPE } from '../openPanel';
import { type PanelContext, RequestPanel } from './panel';
import { readSavedRequest } from './savedRequest';

export type { PanelContext } from './panel';

let current: RequestPanel | undefined;

/**
 * Opens the request builder. `target` is a target string (`unix:/run/app.sock`, `host:port`, …) or
 * the URI of a saved request under .vscode/grpc-ipc/requests; `method` is `pkg.Service/Method`.
 */
export async function openRequestPanel(
  ctx: PanelContext,
  target?: string | vscode.Uri,
  method?: string,
  options: { run?: boolean } = {},
): Promise<RequestPanel> {
  const preset = await presetFor(target, method);
  if (preset && options.run) preset.run = true;
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

function track(panel: RequestPanel): RequestPanel {
  current = panel;
  panel.onDidDispose = () => {
    if (current === panel) current = undefined;
  };
  return panel;
}

async function presetFor(target: string | vscode.Uri | undefined, method: string | undefined): Promise<InitMessage['preset'] | undefined> {
  if (target instanceof vscode.Uri)
    return { state: readSavedRequest(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8')) };
  if (!target && !method) return undefined;
  const preset: NonNullable<InitMessage['preset']> = {};
  if (method) preset.method = method.replace(/^\//, '').replace(/\/([^/]+)$/, '.$1');
  if (target) preset.draft = toDraft(parseTarget(target));
  return preset;
}

function toDraft(endpoint: Endpoint): TargetDraft {
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
