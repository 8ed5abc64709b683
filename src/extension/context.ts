import type * as vscode from 'vscode';
import type { Explorer } from './explorer/tree';
import type { TreeNode } from './explorer/nodes';
import type { PinStore } from './pins';
import type { ServerManager } from './servers';

/** What every command and view needs, built once in activate(). */
export interface Ctx {
  extension: vscode.ExtensionContext;
  /** The extension's own log ("gRPC IPC"); each server has its own channel. */
  log: vscode.LogOutputChannel;
  servers: ServerManager;
  pins: PinStore;
  explorer: Explorer;
  view: vscode.TreeView<TreeNode>;
}
