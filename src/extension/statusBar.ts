// A status bar item with the number of servers this window runs; clicking it lists them.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import type { ServerManager } from './servers';

export class ServerStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('grpcIpc.servers', vscode.StatusBarAlignment.Left, 10));

  constructor(private readonly servers: ServerManager) {
    super();
    this.item.name = 'gRPC IPC Servers';
    this.item.command = 'grpcIpc.showServers';
    this._register(servers.onDidChange(() => this.update()));
    this.update();
  }

  private update(): void {
    const running = this.servers.running();
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(server-process) ${running.length}`;
    const names = running.map((server) => `${server.config.name} (${server.state.kind})`).join(', ');
    this.item.tooltip = `gRPC IPC: ${running.length} server${running.length === 1 ? '' : 's'} running — ${names}. Click to stop, restart or see logs.`;
    this.item.accessibilityInformation = { label: `gRPC IPC: ${running.length} servers running` };
    this.item.show();
  }
}
