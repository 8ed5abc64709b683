// The request builder pulls in the whole calling core (grpc-js, protobuf), so its module is loaded on
// first open or first restore, never at activation.
import * as vscode from 'vscode';
import { loadLazy } from './loadLazy';

/** The panel's view type; package.json has `onWebviewPanel:` with the same id. */
export const REQUEST_PANEL_VIEW_TYPE = 'grpcIpc.requestPanel';

/** Opens the request builder on a target string (or a saved request file) and `pkg.Service/Method`. */
export async function openRequestBuilderPanel(
  context: vscode.ExtensionContext,
  target?: string | vscode.Uri,
  method?: string,
  options: { run?: boolean } = {},
): Promise<void> {
  const panel = (await loadLazy()).requestPanel;
  await panel.openRequestPanel(context, target, method, options);
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
