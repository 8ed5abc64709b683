// "Attach to Address…": a target typed by hand, validated as it is typed, then pinned in the explorer.
import * as vscode from 'vscode';
import { ACCEPTED_FORMS, assertReachable, formatTarget, parseTarget } from '../../ipc/endpoint';
import { describeError } from '../errors';
import type { Ctx } from '../context';

export async function attachToAddress(ctx: Ctx): Promise<void> {
  const target = await askForTarget();
  if (!target) return;
  await ctx.pins.add(target);
  const node = { kind: 'endpoint' as const, address: target, origin: 'pinned' as const, facts: ctx.explorer.factsFor(target) ?? null };
  await vscode.commands.executeCommand('grpcIpc.endpoints.focus');
  await ctx.view.reveal(node, { select: true, focus: false, expand: true }).then(undefined, () => undefined);
  void vscode.window.showInformationMessage(`Attached to ${target}; it is listed under Pinned targets.`);
}

/** What the user typed as a target string: a bare absolute path is a socket file, as in the panel's Socket path field. */
export function attachTarget(value: string): string {
  const text = value.trim();
  return text.startsWith('/') && !text.startsWith('//') ? `unix:${text}` : text;
}

/** Shows an input box that checks the target on every keystroke; resolves to the canonical target. */
function askForTarget(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = vscode.window.createInputBox();
    input.title = 'Attach to Address';
    input.placeholder = '/run/app.sock · unix:/run/app.sock · unix-abstract:name · npipe:Name · localhost:50051';
    input.prompt = `Accepted forms: an absolute socket path, ${ACCEPTED_FORMS}`;
    input.ignoreFocusOut = true;
    let result: string | undefined;
    const check = (value: string): string | undefined => {
      if (!value.trim()) {
        input.validationMessage = undefined;
        return undefined;
      }
      try {
        const endpoint = parseTarget(attachTarget(value));
        try {
          assertReachable(endpoint);
          input.validationMessage = undefined;
        } catch (error) {
          // Reachability depends on this runtime; warn but allow, the target may be for later.
          input.validationMessage = { message: describeError(error), severity: vscode.InputBoxValidationSeverity.Warning };
        }
        return formatTarget(endpoint);
      } catch (error) {
        input.validationMessage = { message: describeError(error), severity: vscode.InputBoxValidationSeverity.Error };
        return undefined;
      }
    };
    input.onDidChangeValue(check);
    input.onDidAccept(() => {
      result = check(input.value);
      if (result) input.hide();
    });
    input.onDidHide(() => {
      input.dispose();
      resolve(result);
    });
    input.show();
  });
}
