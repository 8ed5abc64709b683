// Stand-in for the request builder panel, which lives in this folder once it is built.
import * as vscode from 'vscode';

/** Opens the request builder on a target (`unix:/…`, `host:port`… or a saved request file) and method (`pkg.Service/Method`). */
export async function openRequestPanel(_context: vscode.ExtensionContext, target?: string | vscode.Uri, method?: string): Promise<void> {
  void vscode.window.showInformationMessage(`The request builder is not part of this build yet (${[String(target ?? ''), method].filter(Boolean).join(' ') || 'no target'}).`);
}

/** Takes over a panel VS Code restores after a reload. */
export function restoreRequestPanel(_context: vscode.ExtensionContext, panel: vscode.WebviewPanel): void {
  panel.dispose();
}
