// Workspace Trust: nothing is launched in Restricted Mode, checked in the handlers themselves
// (menus hide the actions too, but a keybinding or another extension can still run a command).
import * as vscode from 'vscode';

/** True when launching is allowed; otherwise shows why and how to change it, and returns false. */
export async function allowLaunch(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showErrorMessage(
    `gRPC IPC does not start ${what} in Restricted Mode: this workspace is not trusted, and nothing is launched until you trust it${
      what === 'the demo server' ? ', not even the built-in demo' : ' (the built-in demo server included)'
    }.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
