// Stand-in for the request builder panel, which lives in this folder once it is built.
import * as vscode from 'vscode';

/** Opens the request builder on a target (`unix:/…`, `host:port`…) and method (`pkg.Service/Method`). */
export async function openRequestPanel(_context: vscode.ExtensionContext, target?: string, method?: string): Promise<void> {
  void vscode.window.showInformationMessage(`The request builder is not part of this build yet (${[target, method].filter(Boolean).join(' ') || 'no target'}).`);
}
