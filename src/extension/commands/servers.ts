// Start, stop, restart and inspect the servers this window launches.
import * as vscode from 'vscode';
import { formatTarget } from '../../ipc/endpoint';
import { resolveServerConfig, type ServerConfig } from '../../ipc/launch/config';
import type { Ctx } from '../context';
import type { TreeNode } from '../explorer/nodes';
import { launchServer } from '../launcher';
import { listenAddress, readLaunchConfigs, variableScope } from '../launchConfigs';
import type { ManagedServer } from '../servers';
import { allowLaunch } from '../trust';

/** "Start Server…": the node's server, or one picked from the launch configurations. */
export async function startServer(ctx: Ctx, node?: TreeNode): Promise<void> {
  if (!(await allowLaunch('servers'))) return;
  const report = await readLaunchConfigs();
  if (report.problems.length) ctx.log.warn(`Launch configuration problems:\n${report.problems.join('\n')}`);
  let config: ServerConfig | undefined = node?.kind === 'server' ? report.servers.find((server) => server.name === node.name) : undefined;
  if (!config && node?.kind === 'server') {
    // Not configured (the demo, or a configuration removed since): start it again as it was.
    const previous = ctx.servers.get(node.name);
    if (previous) return void (await launchServer(ctx, previous.config));
  }
  if (!config) {
    if (report.servers.length === 0) {
      const add = 'Add Launch Configuration';
      const problems = report.problems.length ? ` ${report.problems.length} configuration(s) have problems; see the gRPC IPC log.` : '';
      const choice = await vscode.window.showInformationMessage(
        `No servers are configured in grpcIpc.servers or .vscode/grpc-ipc.json.${problems}`,
        add,
      );
      if (choice === add) await vscode.commands.executeCommand('grpcIpc.addLaunchConfiguration');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      report.servers.map((server) => ({
        label: server.name,
        description: listenAddress(server),
        detail: `${server.command} ${server.args.join(' ')} — ${server.origin}`,
        server,
      })),
      { title: 'Start Server', placeHolder: 'Which server?' },
    );
    config = picked?.server;
  }
  if (!config) return;
  await launchServer(ctx, resolveServerConfig(config, variableScope(config.cwd)));
}

export async function stopServer(ctx: Ctx, node?: TreeNode): Promise<void> {
  const server = await pickServer(ctx, node, 'Stop Server', (s) => s.state.kind !== 'exited');
  if (!server) return;
  await ctx.servers.stop(server.config.name);
}

export async function restartServer(ctx: Ctx, node?: TreeNode): Promise<void> {
  const server = await pickServer(ctx, node, 'Restart Server', () => true);
  if (!server) return;
  if (!(await allowLaunch(`"${server.config.name}"`))) return;
  // Pick up edits to the configuration since the last start; the demo has none to re-read.
  const edited = (await readLaunchConfigs()).servers.find((config) => config.name === server.config.name);
  const config = edited ? resolveServerConfig(edited, variableScope(edited.cwd)) : server.config;
  await ctx.servers.stop(server.config.name);
  await launchServer(ctx, config);
}

export async function showLogs(ctx: Ctx, node?: TreeNode): Promise<void> {
  if (ctx.servers.list().length === 0 && node?.kind !== 'server') return ctx.log.show();
  const server = await pickServer(ctx, node, 'Show Logs', () => true);
  if (server) server.log.show();
  else if (node?.kind === 'server') ctx.servers.logFor(node.name).show();
}

/** The status bar's menu: pick a server, then what to do with it. */
export async function showServers(ctx: Ctx): Promise<void> {
  const server = await pickServer(ctx, undefined, 'gRPC IPC Servers', () => true, true);
  if (!server) return;
  const alive = server.state.kind !== 'exited';
  const actions = [...(alive ? ['Stop', 'Restart'] : ['Start']), 'Show Logs'];
  const action = await vscode.window.showQuickPick(actions, { title: server.config.name });
  if (action === 'Stop') await stopServer(ctx, serverNode(server));
  else if (action === 'Restart' || action === 'Start') await restartServer(ctx, serverNode(server));
  else if (action === 'Show Logs') server.log.show();
}

function serverNode(server: ManagedServer): TreeNode {
  return { kind: 'server', name: server.config.name, address: formatTarget(server.config.endpoint) };
}

/** The node's server; else the only candidate; else a quick pick. */
async function pickServer(
  ctx: Ctx,
  node: TreeNode | undefined,
  title: string,
  wanted: (server: ManagedServer) => boolean,
  alwaysAsk = false,
): Promise<ManagedServer | undefined> {
  const selected = node ?? ctx.view.selection[0];
  if (selected?.kind === 'server') return ctx.servers.get(selected.name);
  const candidates = ctx.servers.list().filter(wanted);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No servers launched by gRPC IPC are running.');
    return undefined;
  }
  if (candidates.length === 1 && !alwaysAsk) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((server) => ({
      label: server.config.name,
      description: `${server.state.kind}${server.process.pid ? ` · pid ${server.process.pid}` : ''}`,
      detail: formatTarget(server.config.endpoint),
      server,
    })),
    { title },
  );
  return picked?.server;
}
