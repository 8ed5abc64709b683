// "Add Launch Configuration": opens .vscode/grpc-ipc.json, creating it from a template first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { IpcError } from '../../ipc/errors';
import { LAUNCH_FILE, LAUNCH_FILE_TEMPLATE } from '../launchConfigs';

export async function addLaunchConfiguration(): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'grpcIpc.servers');
    return;
  }
  const folder =
    folders.length === 1
      ? folders[0]
      : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Add the launch configuration to which folder?' });
  if (!folder) return;
  const file = path.join(folder.uri.fsPath, LAUNCH_FILE);
  try {
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, LAUNCH_FILE_TEMPLATE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new IpcError('usage', `Could not create ${file}: ${(error as Error).message}`);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}
