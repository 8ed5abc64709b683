// The request panel's host: owns one webview, validates what it sends, and answers it.
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { assertNever, type PanelInit, type ToWebview } from '../../shared/protocol';
import { defaultTransport, supportedTransports } from '../../ipc/platform';
import { PIPE_IMPERSONATION } from './views';
import { RequestHandlers } from './handlers';
import { expectedOwnerName } from '../guard';
import { readSettings } from '../settings';
import { problemOf } from './wording';
import { panelHtml } from './html';
import { chosenEnvironment, onDidChangeEnvironment, variableScope } from '../environments';
import { parseFromWebview, requestIdOf } from './messages';

const CHOSEN_PATHS_KEY = 'grpcIpc.requestPanel.chosenPaths';
const MAX_CHOSEN_PATHS = 500;

/** The parts of the extension context the panel uses. */
export type PanelContext = Pick<vscode.ExtensionContext, 'extensionUri' | 'workspaceState' | 'globalState' | 'subscriptions' | 'secrets'>;

let log: vscode.LogOutputChannel | undefined;

/** The panels' one log, made on first use and disposed with the extension. */
function panelLog(ctx: PanelContext): vscode.LogOutputChannel {
  if (!log) {
    const channel = vscode.window.createOutputChannel('gRPC IPC Requests', { log: true });
    log = channel;
    ctx.subscriptions.push(channel, { dispose: () => void (log === channel && (log = undefined)) });
  }
  return log;
}

export class RequestPanel {
  private readonly handlers: RequestHandlers;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly chosenPaths: Set<string>;
  private disposed = false;
  onDidDispose?: () => void;
  /** The panel now shows this target (canonical) and method: its title and identity follow. */
  onDidShowMethod?: (target: string, method: string) => void;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: PanelContext,
    private readonly preset?: PanelInit['preset'],
  ) {
    const dist = vscode.Uri.joinPath(ctx.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const asUri = (...parts: string[]) => panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, ...parts)).toString();
    panel.webview.html = panelHtml(
      {
        cspSource: panel.webview.cspSource,
        script: asUri('webview.js'),
        style: asUri('webview.css'),
        codicons: asUri('codicons', 'codicon.css'),
      },
      this.panelInit(),
    );
    this.chosenPaths = new Set(ctx.workspaceState.get<string[]>(CHOSEN_PATHS_KEY, []));
    this.handlers = new RequestHandlers(
      {
        post: (message) => this.post(message),
        log: panelLog(ctx),
        chosenPaths: this.chosenPaths,
        rememberPaths: (paths) => this.rememberPaths(paths),
        state: ctx.workspaceState,
        variables: () => variableScope(ctx),
        chooseEnvironment: async () => {
          // Through the command, the one place an environment is chosen; its change event reaches every panel
          // (this one too) and the status bar, so the reply only names the result.
          await vscode.commands.executeCommand('grpcIpc.selectEnvironment');
          return this.environmentName();
        },
      },
      () => mkdtempSync(path.join(os.tmpdir(), 'grpc-ipc-calls-')),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      // Chosen from the status bar, the palette or another panel: every panel shows the one in use.
      onDidChangeEnvironment(() => this.postEnvironment()),
      // Trust granted meanwhile decides whether the environment is read at all.
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.postEnvironment()),
    );
  }

  private post(message: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /** The environment variables resolve from now; none in Restricted Mode. */
  private environmentName(): string | null {
    return (vscode.workspace.isTrusted && chosenEnvironment(this.ctx)) || null;
  }

  /** Tells the webview which environment variables resolve from now. */
  private postEnvironment(): void {
    this.post({ type: 'environment', name: this.environmentName() });
  }

  private rememberPaths(paths: string[]): void {
    for (const file of paths) this.chosenPaths.add(file);
    const kept = [...this.chosenPaths].slice(-MAX_CHOSEN_PATHS);
    void this.ctx.workspaceState.update(CHOSEN_PATHS_KEY, kept);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseFromWebview(raw, {
      chosenPaths: this.chosenPaths,
      targetIds: this.handlers.targets.ids,
      callIds: this.handlers.calls.ids,
    });
    if (!parsed.ok) {
      // The reason names the field, never its value, so nothing secret reaches the log.
      panelLog(this.ctx).warn(`Refused a message from the request panel: ${parsed.reason}`);
      const id = requestIdOf(raw);
      if (id !== undefined)
        this.post({
          type: 'reply',
          inReplyTo: id,
          ok: false,
          problem: { code: 'usage', message: 'The panel sent a request the extension refused.', hint: parsed.reason },
        });
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.postEnvironment();
        return;
      case 'request':
        try {
          const result = await this.handlers.handle(message.name, message.params);
          this.post({ type: 'reply', inReplyTo: message.id, ok: true, result });
          // Picking a method describes it: from then on the panel is that target's and method's.
          if (message.name === 'describeMethod')
            this.onDidShowMethod?.(this.handlers.targets.get(message.params.targetId).canonical, message.params.method);
        } catch (error) {
          this.post({ type: 'reply', inReplyTo: message.id, ok: false, problem: problemOf(error) });
        }
        return;
      case 'callWrite':
        await this.handlers.write(message.callId, message.text);
        return;
      case 'callEnd':
        this.handlers.calls.end(message.callId);
        return;
      case 'callCancel':
        this.handlers.calls.cancel(message.callId);
        return;
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        return;
      default:
        assertNever(message);
    }
  }

  private panelInit(): PanelInit {
    return {
      transports: supportedTransports(),
      defaultTransport: defaultTransport(),
      pipeImpersonation: PIPE_IMPERSONATION,
      // A uid or user name (grpcIpc.owner.expected); the user VS Code runs as when empty.
      expectedOwner: expectedOwnerName({ expected: readSettings().expectedOwner }),
      ...(this.preset ? { preset: this.preset } : {}),
    };
  }

  /** Checks the selected target again and updates the indicators (a server started, stopped or restarted). */
  refreshIndicators(): Promise<void> {
    return this.handlers
      .refreshIndicators()
      .catch((error: unknown) => panelLog(this.ctx).warn(`Could not refresh the indicators: ${problemOf(error).message}`));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.handlers.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    this.onDidDispose?.();
  }
}
