// The request builder pulls in the whole calling core (grpc-js, protobuf), so its module is loaded on
// first open or first restore, never at activation.
import * as vscode from 'vscode';
import type { Endpoint } from '../ipc/endpoint';
import { lazyLoaded, loadLazy } from './loadLazy';
import { REQUEST_PANEL_VIEW_TYPE } from './panelViewType';

/** Opens the request builder, on an endpoint and a method (`pkg.Service.Method`) when given; `run` sends it at once. */
export async function openRequestBuilderPanel(
  context: vscode.ExtensionContext,
  endpoint?: Endpoint,
  method?: string,
  options: { run?: boolean } = {},
): Promise<void> {
  const panel = (await loadLazy()).requestPanel;
  await panel.openRequestPanel(context, endpoint, method, options);
}

/** Opens the request builder on a saved request file (.vscode/grpc-ipc/requests/*.json); `run` sends it at once. */
export async function openSavedRequestPanel(
  context: vscode.ExtensionContext,
  file: vscode.Uri,
  options: { run?: boolean } = {},
): Promise<void> {
  const panel = (await loadLazy()).requestPanel;
  await panel.openSavedRequest(context, file, options);
}

/**
 * A server in the tree started, stopped or restarted: open panels look at their targets again. A server
 * change never loads the panel module by itself; without it loaded there is no panel. (Not a flag set on
 * open: the commands that open panels live in the lazy bundle, which has its own copy of this module.)
 */
export async function refreshPanelIndicators(): Promise<void> {
  if (!lazyLoaded()) return;
  await (await loadLazy()).requestPanel.refreshIndicators();
}

/** Restores panels left open before a reload; the panel module loads only when there is one. */
export function registerRequestPanelSerializer(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(REQUEST_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(webviewPanel) {
        const panel = (await loadLazy()).requestPanel;
        panel.restoreRequestPanel(context, webviewPanel);
      },
    }),
  );
}
