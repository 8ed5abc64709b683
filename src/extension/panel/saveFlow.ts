// Saving a request from the panel: ask for a name (the method's by default; "folder/name" makes folders),
// never overwrite without asking, and store a socket inside the workspace as ${workspaceFolder}/…
import * as vscode from 'vscode';
import type { PanelState } from '../../shared/protocol';
import { IpcError } from '../../ipc/errors';
import { requestFilePath, savedRequestText, workspaceRelativeTarget } from './savedRequest';

/** Runs the save dialog; the relative file name, or undefined when the user cancelled. */
export async function saveRequestFlow(suggested: string, state: PanelState): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new IpcError('usage', 'Open a folder to save requests in it.', 'Requests are saved under .vscode/grpc-ipc/requests.');
  const root = vscode.Uri.joinPath(folder.uri, '.vscode', 'grpc-ipc', 'requests');
  for (let value = suggested; ;) {
    const name = await vscode.window.showInputBox({
      title: 'Save request',
      prompt: 'A name for the request; "folder/name" puts it in a folder of the Requests view.',
      value,
      validateInput: (text) => (requestFilePath(text) ? undefined : 'Use letters, digits, "_", "-", "." and "/" for folders.'),
    });
    if (name === undefined) return undefined;
    const file = requestFilePath(name)!;
    const uri = vscode.Uri.joinPath(root, ...file.split('/'));
    if (await exists(uri)) {
      const choice = await vscode.window.showWarningMessage(
        `A saved request ${file.replace(/\.json$/, '')} already exists. Replace it?`,
        { modal: true },
        'Replace',
        'Choose Another Name',
      );
      if (choice === undefined) return undefined;
      if (choice !== 'Replace') {
        value = name;
        continue;
      }
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(savedRequestText(workspaceRelativeTarget(state, folder.uri.fsPath))));
    return vscode.workspace.asRelativePath(uri);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
