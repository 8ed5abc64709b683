// Every command registered in one loop. What a command does lives in commandHandlers.ts, in the lazy
// bundle, loaded by the first command run; activation only registers the ids. Errors end in a
// notification, never silently.
import * as vscode from 'vscode';
import { COMMAND_IDS } from './commandTypes';
import type { Ctx } from './context';
import { describeError } from './errors';
import type { TreeNode } from './explorer/nodes';
import { loadLazy } from './loadLazy';

export function registerCommands(ctx: Ctx): void {
  for (const id of COMMAND_IDS) {
    ctx.extension.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          const handlers = (await loadLazy()).commandHandlers;
          await handlers[id](ctx, isTreeNode(arg) || arg instanceof vscode.Uri ? arg : undefined);
        } catch (error) {
          ctx.log.error(`${id}: ${describeError(error)}`);
          void vscode.window.showErrorMessage(describeError(error));
        }
      }),
    );
  }
}

/** Keybindings and links can pass anything; only tree rows and file URIs are passed on. */
function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}
