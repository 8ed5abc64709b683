// Actions on one endpoint row: open, copy, reveal, remove when stale, pin and unpin.
import * as vscode from 'vscode';
import { parseTarget } from '../../ipc/endpoint';
import { IpcError } from '../../ipc/errors';
import type { Ctx } from '../context';
import * as core from '../lazyCore';
import { targetOf, type TargetRef, type TreeNode } from '../explorer/nodes';
import { assertOwnerAllowed } from '../guard';
import { openRequestBuilderPanel, openSavedRequestPanel } from '../openPanel';
import { readSettings } from '../settings';

export async function openRequestBuilder(ctx: Ctx, node?: TreeNode | vscode.Uri): Promise<void> {
  // From the Explorer's context menu on a saved request file.
  if (node instanceof vscode.Uri) return void (await openSavedRequestPanel(ctx.extension, node));
  const target = targetOf(node ?? ctx.view.selection[0]);
  if (target) await refuseBlockedOwner(target.address);
  const method = node?.kind === 'method' ? node.method.fullName : undefined;
  await openRequestBuilderPanel(ctx.extension, target && parseTarget(target.address), method);
}

/** With the owner policy on "block", a socket owned by someone unexpected is not opened; checked now, not from the list. */
async function refuseBlockedOwner(address: string): Promise<void> {
  const settings = readSettings();
  await assertOwnerAllowed(parseTarget(address), { policy: settings.ownerPolicy, expected: settings.expectedOwner });
}

export async function copyAddress(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (!target) return;
  await vscode.env.clipboard.writeText(target.address);
  void vscode.window.setStatusBarMessage(`Copied ${target.address}`, 3000);
}

export async function revealSocketFile(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (!target) return;
  const endpoint = parseTarget(target.address);
  if (endpoint.kind !== 'unix') throw new IpcError('usage', `${target.address} has no socket file to reveal.`);
  await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(endpoint.path));
}

export async function removeStaleSocket(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (!target) return;
  const endpoint = parseTarget(target.address);
  if (endpoint.kind !== 'unix') throw new IpcError('usage', `${target.address} is not a socket file.`);
  const remove = 'Remove';
  const choice = await vscode.window.showWarningMessage(
    `Remove the stale socket file ${endpoint.path}? Nothing listens on it; it was left behind by a server that ended without cleaning up.`,
    { modal: true },
    remove,
  );
  if (choice !== remove) return;
  await core.removeStaleSocket(endpoint.path);
  await ctx.explorer.refresh();
}

export async function pin(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (target) await ctx.pins.add(target.address);
}

export async function unpin(ctx: Ctx, node?: TreeNode): Promise<void> {
  const target = await requireTarget(ctx, node);
  if (target) await ctx.pins.remove(target.address);
}

/** The node's target, else the selected row's, else one picked from everything the explorer knows. */
export async function requireTarget(ctx: Ctx, node?: TreeNode): Promise<TargetRef | undefined> {
  const direct = targetOf(node ?? ctx.view.selection[0]);
  if (direct) return direct;
  const items = [
    ...ctx.servers.running().map((server) => ({
      label: server.config.name,
      description: server.config.listen,
      target: { address: server.config.listen, serverName: server.config.name },
    })),
    ...ctx.explorer
      .endpoints()
      .map((endpoint) => ({ label: endpoint.address, description: endpoint.stale ? 'stale' : '', target: { address: endpoint.address } })),
    ...ctx.pins.list().map((address) => ({ label: address, description: 'pinned', target: { address } })),
  ];
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No endpoints yet: start the demo server, attach to an address, or refresh.');
    return undefined;
  }
  return (await vscode.window.showQuickPick(items, { title: 'Which endpoint?' }))?.target;
}
