// Open, run, rename and delete saved requests from the Requests view (or the palette, with a picker).
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { openSavedRequestPanel } from '../openPanel';
import { REQUESTS_DIR, requestsRoot } from './tree';

/** The saved request a command is about: the row it came from, or one the user picks. */
async function target(arg: unknown, what: string): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const root = requestsRoot();
  if (!root) {
    void vscode.window.showInformationMessage('Open a folder first: saved requests live in its .vscode/grpc-ipc/requests.');
    return undefined;
  }
  const files = await vscode.workspace.findFiles(`${REQUESTS_DIR.join('/')}/**/*.json`);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No saved requests yet. Save one from the request builder.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: uri.path.slice(root.path.length + 1).replace(/\.json$/, ''), uri })),
    { title: `${what} a saved request` },
  );
  return picked?.uri;
}

export async function openSavedRequest(ctx: Ctx, arg?: unknown): Promise<void> {
  const uri = await target(arg, 'Open');
  if (uri) await openSavedRequestPanel(ctx.extension, uri);
}

/** Opens the request and sends it once its target and method are ready; not in Restricted Mode. */
export async function runSavedRequest(ctx: Ctx, arg?: unknown): Promise<void> {
  const uri = await target(arg, 'Run');
  if (!uri) return;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Saved requests are not run in Restricted Mode: they come from this untrusted workspace. It is opened instead; check it and press Send.',
    );
    return openSavedRequestPanel(ctx.extension, uri);
  }
  await openSavedRequestPanel(ctx.extension, uri, { run: true });
}

export async function renameSavedRequest(_ctx: Ctx, arg?: unknown): Promise<void> {
  const uri = await target(arg, 'Rename');
  if (!uri) return;
  const old = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.json$/, '');
  const name = await vscode.window.showInputBox({
    title: 'Rename saved request',
    value: old,
    validateInput: (value) => (/^[\w.-]+$/.test(value.trim()) ? undefined : 'Use letters, digits, "_", "-" and "."'),
  });
  if (!name || name.trim() === old) return;
  const next = vscode.Uri.joinPath(uri, '..', `${name.trim()}.json`);
  try {
    await vscode.workspace.fs.rename(uri, next, { overwrite: false });
  } catch {
    void vscode.window.showErrorMessage(
      `A saved request named "${name.trim()}" already exists here. Choose another name, or delete that one first.`,
    );
  }
}

export async function deleteSavedRequest(_ctx: Ctx, arg?: unknown): Promise<void> {
  const uri = await target(arg, 'Delete');
  if (!uri) return;
  const label = vscode.workspace.asRelativePath(uri);
  const ok = await vscode.window.showWarningMessage(`Delete the saved request ${label}?`, { modal: true }, 'Delete');
  if (ok === 'Delete') await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
}
