// The chosen environment for variables, its status bar item, and secret values in SecretStorage.
// Workspace Trust: in Restricted Mode environment files and ${env:NAME} are not read, so an untrusted
// workspace can neither pick values nor send the machine's environment variables or secrets anywhere;
// ${workspaceFolder} still resolves.
import * as vscode from 'vscode';
import { listEnvironments, readEnvironment } from '../ipc/variables/environment';
import type { VariableScope } from '../ipc/variables/resolve';
import { Disposable } from './disposable';

const CHOSEN_KEY = 'grpcIpc.environment';

/** What the environment functions need from the extension context. */
export type EnvironmentContext = Pick<vscode.ExtensionContext, 'workspaceState' | 'secrets'>;

function folder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The chosen environment's name, if any. */
export function chosenEnvironment(ctx: EnvironmentContext): string | undefined {
  return ctx.workspaceState.get<string>(CHOSEN_KEY) || undefined;
}

/** The SecretStorage key of one secret variable of one environment. */
export function secretKey(environment: string, variable: string): string {
  return `grpcIpc.secret.${environment}.${variable}`;
}

/** What variables resolve from right now; throws the core's message when the chosen file is broken or gone. */
export async function variableScope(ctx: EnvironmentContext): Promise<VariableScope> {
  const workspaceFolder = folder();
  const trusted = vscode.workspace.isTrusted;
  const name = trusted ? chosenEnvironment(ctx) : undefined;
  const env = name && workspaceFolder ? await readEnvironment(workspaceFolder, name) : undefined;
  const secretValues: Record<string, string> = {};
  for (const secret of env?.secrets ?? []) {
    const value = await ctx.secrets.get(secretKey(env!.name, secret));
    if (value !== undefined) secretValues[secret] = value;
  }
  return {
    environment: env?.name,
    variables: env?.variables ?? {},
    secretValues,
    secrets: env?.secrets ?? [],
    env: trusted ? process.env : {},
    workspaceFolder,
    ...(trusted ? {} : { restricted: true }),
  };
}

/**
 * One event for the whole extension host process. The activation bundle (the status bar) and the lazy
 * bundle (the panels, and the commands that choose) each hold a copy of this module; an emitter of each
 * copy's own left the status bar saying "no env" after an environment was chosen.
 */
const CHANGED = Symbol.for('grpc-ipc.environmentChanged');
const shared = globalThis as { [CHANGED]?: vscode.EventEmitter<void> };
const changed = (shared[CHANGED] ??= new vscode.EventEmitter<void>());
/** Fires when the chosen environment changes. */
export const onDidChangeEnvironment = changed.event;

/** Shows a quick pick of the workspace's environments (and "none"); stores the choice. */
export async function selectEnvironment(ctx: EnvironmentContext): Promise<string | undefined> {
  const workspaceFolder = folder();
  if (!workspaceFolder) {
    void vscode.window.showInformationMessage('Open a folder to use environments: they live in .vscode/grpc-ipc/environments/NAME.json.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Environments are not read in Restricted Mode. Trust this workspace to use its environment files.',
    );
    return undefined;
  }
  const names = await listEnvironments(workspaceFolder);
  const current = chosenEnvironment(ctx);
  const none = '(no environment)';
  const picked = await vscode.window.showQuickPick(
    [none, ...names].map((label) => ({ label, description: label === (current ?? none) ? 'current' : undefined })),
    {
      title: 'gRPC IPC: environment for {{variables}}',
      placeHolder: names.length ? 'Choose an environment' : 'No files in .vscode/grpc-ipc/environments/ yet',
    },
  );
  if (!picked) return current;
  const next = picked.label === none ? undefined : picked.label;
  await ctx.workspaceState.update(CHOSEN_KEY, next);
  changed.fire();
  return next;
}

/** Asks for one secret variable of the chosen environment and keeps its value in SecretStorage only. */
export async function setEnvironmentSecret(ctx: EnvironmentContext): Promise<void> {
  const workspaceFolder = folder();
  const name = chosenEnvironment(ctx) ?? (await selectEnvironment(ctx));
  if (!workspaceFolder || !name) return;
  const env = await readEnvironment(workspaceFolder, name);
  if (env.secrets.length === 0) {
    void vscode.window.showInformationMessage(`Environment "${name}" declares no secrets. List their names in its "secrets" array.`);
    return;
  }
  const variable = await vscode.window.showQuickPick(env.secrets, { title: `Secret of environment "${name}"` });
  if (!variable) return;
  const value = await vscode.window.showInputBox({
    title: `Value of {{${variable}}} in "${name}"`,
    prompt: 'Kept in VS Code’s secret storage; never written to the workspace or logged.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return;
  await ctx.secrets.store(secretKey(name, variable), value);
  void vscode.window.showInformationMessage(`Stored the secret {{${variable}}} of environment "${name}".`);
}

/** The status bar item showing the chosen environment; clicking it chooses another. */
export class EnvironmentStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('grpcIpc.environment', vscode.StatusBarAlignment.Left, 9));

  constructor(private readonly ctx: EnvironmentContext) {
    super();
    this.item.name = 'gRPC IPC Environment';
    this.item.command = 'grpcIpc.selectEnvironment';
    this._register(onDidChangeEnvironment(() => this.update()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()));
    this.update();
  }

  private update(): void {
    if (!vscode.workspace.workspaceFolders?.length) return this.item.hide();
    const name = vscode.workspace.isTrusted ? chosenEnvironment(this.ctx) : undefined;
    this.item.text = `$(symbol-variable) ${name ?? 'no env'}`;
    this.item.tooltip = name
      ? `gRPC IPC: {{variables}} come from .vscode/grpc-ipc/environments/${name}.json. Click to choose another.`
      : 'gRPC IPC: no environment chosen for {{variables}}. Click to choose one.';
    this.item.accessibilityInformation = { label: `gRPC IPC environment: ${name ?? 'none'}` };
    this.item.show();
  }
}
