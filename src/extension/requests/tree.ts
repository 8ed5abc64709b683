// The Requests view: the saved requests under .vscode/grpc-ipc/requests/ of the first folder, with
// their subfolders. Each row is the file's own URI, so commands from its menu receive the file.
import * as vscode from 'vscode';
import { Disposable } from '../disposable';

/** Where saved requests live, relative to the workspace folder. */
export const REQUESTS_DIR = ['.vscode', 'grpc-ipc', 'requests'];

export function requestsRoot(): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && vscode.Uri.joinPath(folder.uri, ...REQUESTS_DIR);
}

export class RequestsTree extends Disposable implements vscode.TreeDataProvider<vscode.Uri> {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor() {
    super();
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/.vscode/grpc-ipc/requests/**'));
    const refresh = () => this.refresh();
    this._register(watcher.onDidCreate(refresh));
    this._register(watcher.onDidDelete(refresh));
    this._register(watcher.onDidChange(refresh));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(element?: vscode.Uri): Promise<vscode.Uri[]> {
    const dir = element ?? requestsRoot();
    if (!dir) return [];
    let entries: Array<[string, vscode.FileType]>;
    try {
      entries = await vscode.workspace.fs.readDirectory(dir);
    } catch {
      return []; // no requests saved yet
    }
    const folders = entries.filter(([, type]) => type === vscode.FileType.Directory).map(([name]) => name);
    const files = entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.json')).map(([name]) => name);
    const byName = (a: string, b: string) => a.localeCompare(b);
    return [...folders.sort(byName), ...files.sort(byName)].map((name) => vscode.Uri.joinPath(dir, name));
  }

  async getTreeItem(uri: vscode.Uri): Promise<vscode.TreeItem> {
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    if (!name.endsWith('.json')) {
      const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
      item.contextValue = 'requestFolder';
      item.iconPath = vscode.ThemeIcon.Folder;
      item.resourceUri = uri;
      return item;
    }
    const item = new vscode.TreeItem(name.slice(0, -'.json'.length), vscode.TreeItemCollapsibleState.None);
    item.contextValue = 'savedRequest';
    item.iconPath = new vscode.ThemeIcon('symbol-method');
    item.tooltip = `${vscode.workspace.asRelativePath(uri)}\nClick to open it in the request builder.`;
    item.command = { command: 'grpcIpc.openSavedRequest', title: 'Open', arguments: [uri] };
    item.description = await methodOf(uri);
    return item;
  }
}

/** `Service.Method` of a saved request, for the row's description; nothing for a file that is not one. */
async function methodOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const doc = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as { method?: unknown };
    return typeof doc.method === 'string' ? doc.method.split(/[./]/).slice(-2).join('.') : undefined;
  } catch {
    return undefined;
  }
}
