// The request builder pulls in the whole calling core (grpc-js, protobuf), so it is loaded on first
// open, never at activation.
import type * as vscode from 'vscode';

/** Opens the request builder on a target string and `pkg.Service/Method`, loading the panel on first use. */
export async function openRequestBuilderPanel(context: vscode.ExtensionContext, target?: string, method?: string): Promise<void> {
  const panel = await import('./panel/requestPanel');
  await panel.openRequestPanel(context, target, method);
}
