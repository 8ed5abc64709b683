// The servers this window started: their processes, log channels and state. Stopped on deactivate.
import * as vscode from 'vscode';
import type { ResolvedServer } from '../ipc/launch/config';
import { describeExit, ServerProcess, signalGroup, type ProcessExit } from '../ipc/launch/process';
import { Disposable } from './disposable';

/** Where a launched server is in its life. */
export type ServerState =
  { kind: 'starting' } | { kind: 'running' } | { kind: 'stopping' } | { kind: 'exited'; exit: ProcessExit; byUser: boolean };

/** One server we launched. */
export interface ManagedServer {
  config: ResolvedServer;
  process: ServerProcess;
  state: ServerState;
  log: vscode.LogOutputChannel;
}

/** How long a server gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 3000;

export class ServerManager extends Disposable {
  private readonly servers = new Map<string, ManagedServer>();
  private readonly logs = new Map<string, vscode.LogOutputChannel>();
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  /** Every server launched in this window, newest last (exited ones too, until started again). */
  list(): ManagedServer[] {
    return [...this.servers.values()];
  }

  get(name: string): ManagedServer | undefined {
    return this.servers.get(name);
  }

  /** Servers whose process is alive. */
  running(): ManagedServer[] {
    return this.list().filter((server) => server.state.kind !== 'exited');
  }

  /** The output channel of a server, kept across restarts so its history stays in one place. */
  logFor(name: string): vscode.LogOutputChannel {
    let log = this.logs.get(name);
    if (!log) {
      log = this._register(vscode.window.createOutputChannel(`gRPC IPC: ${name}`, { log: true }));
      this.logs.set(name, log);
    }
    return log;
  }

  /** Starts the process (no waiting here); the caller waits for readiness and then calls markRunning. */
  launch(config: ResolvedServer): ManagedServer {
    const log = this.logFor(config.name);
    log.info(`Starting ${config.command} ${config.args.join(' ')} (cwd ${config.cwd}), listening on ${config.listen}`);
    const process = ServerProcess.start({ command: config.command, args: config.args, cwd: config.cwd, env: config.env }, (stream, line) =>
      stream === 'stderr' ? log.warn(line) : log.info(line),
    );
    const server: ManagedServer = { config, process, state: { kind: 'starting' }, log };
    this.servers.delete(config.name);
    this.servers.set(config.name, server);
    void process.exited.then((exit) => {
      const byUser = server.state.kind === 'stopping';
      const wasUp = server.state.kind === 'running';
      server.state = { kind: 'exited', exit, byUser };
      log.info(`Process ${process.pid ?? '(none)'} ${describeExit(exit)}.`);
      // A crash after the server was up deserves a word; failures while starting are reported by the launcher.
      if (wasUp && !byUser && !this.isDisposed) {
        void vscode.window
          .showWarningMessage(`Server "${config.name}" ${describeExit(exit)}.`, 'Show Logs')
          .then((choice) => choice && log.show());
      }
      this.changed.fire();
    });
    this.changed.fire();
    return server;
  }

  markRunning(server: ManagedServer): void {
    if (server.state.kind === 'starting') server.state = { kind: 'running' };
    this.changed.fire();
  }

  /** Stops a server's whole process group; resolves when it is gone. */
  async stop(name: string): Promise<void> {
    const server = this.servers.get(name);
    if (!server || server.state.kind === 'exited') return;
    server.state = { kind: 'stopping' };
    this.changed.fire();
    server.log.info(`Stopping (SIGTERM, then SIGKILL after ${STOP_GRACE_MS} ms).`);
    const outcome = await server.process.stop(STOP_GRACE_MS);
    if (outcome === 'killed') server.log.warn('The server ignored SIGTERM and was killed.');
  }

  /** Forgets an exited server, e.g. before starting it again. */
  forget(name: string): void {
    const server = this.servers.get(name);
    if (server && server.state.kind === 'exited') {
      this.servers.delete(name);
      this.changed.fire();
    }
  }

  /** Last resort when the window closes without deactivate finishing: SIGTERM to every group. */
  override dispose(): void {
    for (const server of this.running()) if (server.process.pid) signalGroup(server.process.pid, 'SIGTERM');
    super.dispose();
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((server) => this.stop(server.config.name)));
  }
}
