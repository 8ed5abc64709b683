// What the host does for each request from the panel. Messages arrive here already validated.
import * as os from 'node:os';
import * as vscode from 'vscode';
import type {
  DescribeResult,
  HistoryEntry,
  MethodView,
  PanelState,
  TargetDraft,
  TlsDraft,
  ParamsOf,
  ProblemView,
  RequestName,
  ResultOf,
  ToWebview,
} from '../../shared/protocol';
import { grpcurlCommand, platformShell } from '../../ipc/grpcurl';
import { callKind, type CallResult, type ConnectOptions, type PeerCertificate } from '../../ipc/types';
import { probeFilter } from '../guard';
import { certificatePin, readSettings, saveCertificatePin } from '../settings';
import { targetStatus } from './status';
import { CallRunner } from './calls';
import { assertReachable, endpointFromDraft, formatTarget, grpcTarget } from '../../ipc/endpoint';
import { IpcError } from '../../ipc/errors';
import type { Schema } from '../../ipc/schema/schema';
import { grpcCore } from '../grpcCore';
import { saveRequestFlow } from './saveFlow';
import { listSocketPaths } from './sockets';
import { pickerOptions, problemOf, sourceLabel } from './wording';
import { parseRequest, problemsAsTyped, requestPlace, resolveCallInputs, resolveDraftVariables, SecretMask } from './variables';
import type { Substitution, VariableScope } from '../../ipc/variables/resolve';
import { resolveJsonText, resolveMetadata, withSecretsHidden } from '../../ipc/variables/resolve';
import { type SelectedTarget, TargetRegistry, tlsOptions } from './targets';
import { CallHistory, historyRequest } from './callHistory';
import { certificateView, normalizeSha256, PIPE_IMPERSONATION, transportView } from './views';

/** What the handlers need from the panel that owns them. */
export interface HandlerHost {
  post(message: ToWebview): void;
  log: vscode.LogOutputChannel;
  /** Remembered across reloads: file paths the user chose. */
  chosenPaths: Set<string>;
  rememberPaths(paths: string[]): void;
  state: vscode.Memento;
  /** What {{variables}}, ${env:NAME} and ${workspaceFolder} resolve from right now. */
  variables(): Promise<VariableScope>;
  /** Shows the environment picker; the environment chosen afterwards. */
  chooseEnvironment(): Promise<string | null>;
}

/** What the host knows of one call, from its start to its history entry. */
interface CallContext {
  targetId: string;
  selected: SelectedTarget;
  method: string;
  at: string;
  /** The request as typed, for a history entry that restores it. */
  request?: PanelState;
}

export class RequestHandlers {
  readonly targets = new TargetRegistry();
  readonly calls: CallRunner<CallContext>;
  /** Secret values resolved so far; no problem or squiggle the panel shows may contain one. */
  private readonly secrets = new SecretMask();
  private readonly history: CallHistory;

  constructor(
    private readonly host: HandlerHost,
    spoolDir: () => string,
  ) {
    this.history = new CallHistory(host.state);
    this.calls = new CallRunner({
      post: (message) => host.post(this.secrets.callMessage(message)),
      spoolDir,
      explain: (error) => ({ problem: this.secrets.problem(problemOf(error)) }),
      beforeEnded: (_callId, context, result, problem) => this.afterCall(context, result, problem),
    });
  }

  async handle<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> {
    const run = this.table[name] as (params: ParamsOf<N>) => Promise<ResultOf<N>>;
    try {
      return await run(params);
    } catch (error) {
      throw this.secrets.error(error);
    }
  }

  private readonly table: { [N in RequestName]: (params: ParamsOf<N>) => Promise<ResultOf<N>> } = {
    checkTarget: async ({ target }) => {
      try {
        const endpoint = endpointFromDraft(resolveDraftVariables(target, await this.variables()), workspaceCwd());
        assertReachable(endpoint);
        return { ok: true, canonical: this.secrets.text(formatTarget(endpoint)) };
      } catch (error) {
        return { ok: false, problem: this.secrets.problem(problemOf(error)) };
      }
    },
    selectTarget: async ({ target, tls }) => {
      const endpoint = endpointFromDraft(resolveDraftVariables(target, await this.variables()), workspaceCwd());
      const targetId = this.targets.add(endpoint, tlsOptions(tls));
      const selected = this.targets.get(targetId);
      // As typed, variables included, so a history entry restores what the user wrote.
      this.drafts.set(targetId, { target, tls });
      this.current = targetId;
      // The owner and the pin are checked before anything connects; a refused or unreachable target is
      // still selected, with a red indicator that says why, so the panel never keeps an older verdict.
      // The status's reachability check (preflight) is the one of this operation.
      const status = await this.status(targetId, selected);
      if (selected.tls && !status.refusal) void this.probe(targetId, selected);
      this.host.log.info(`Selected target ${this.secrets.text(selected.canonical)}`);
      return {
        targetId,
        label: this.secrets.text(selected.canonical),
        owner: status.owner,
        transport: transportView(endpoint, Boolean(selected.tls), this.secrets.text(grpcTarget(endpoint)), PIPE_IMPERSONATION),
      };
    },
    pickFile: async ({ purpose }) => {
      const uris = await vscode.window.showOpenDialog(pickerOptions(purpose));
      const paths = (uris ?? []).map((uri) => uri.fsPath);
      this.host.rememberPaths(paths);
      return { paths };
    },
    listSockets: async () => {
      const settings = readSettings();
      return listSocketPaths({
        directories: settings.discoveryDirectories,
        workspaceFolders: (vscode.workspace.workspaceFolders ?? [])
          .filter((folder) => folder.uri.scheme === 'file')
          .map((folder) => folder.uri.fsPath),
        probe: settings.probe,
        probeTimeoutMs: settings.probeTimeoutMs,
        mayProbe: probeFilter({ policy: settings.ownerPolicy, expected: settings.expectedOwner }),
      });
    },
    loadSchema: async ({ targetId, source }) => {
      const selected = this.targets.get(targetId);
      // Files are read locally; only reflection talks to the server.
      if (source.kind === 'reflection') await this.guard(targetId, selected);
      selected.schema = await grpcCore().loadSchema(source, this.connectOptions(selected), 10_000);
      selected.source = source;
      const methods: MethodView[] = selected.schema.services.flatMap((service) =>
        service.methods.map((method) => ({ fullName: method.fullName, service: service.name, name: method.name, kind: callKind(method) })),
      );
      return { sourceLabel: sourceLabel(selected.schema.source, source), methods };
    },
    describeMethod: async ({ targetId, method }) => {
      const { schema } = this.withSchema(targetId);
      const info = grpcCore().findMethod(schema, method);
      const message = schema.registry.getMessage(info.requestType);
      if (!message) throw new IpcError('schema', `The schema has no message ${info.requestType}.`, 'Load the methods again.');
      const template = grpcCore().requestTemplate(message);
      const result: DescribeResult = {
        kind: callKind(info),
        requestType: info.requestType,
        template: template.text,
        hints: template.hints,
        schema: grpcCore().messageJsonSchema(message, grpcCore().anyTypeUrls(schema.registry)),
      };
      return result;
    },
    validateRequest: async ({ targetId, method, text }) => {
      const { schema } = this.withSchema(targetId);
      const info = grpcCore().findMethod(schema, method);
      let resolved: string;
      const substitutions: Substitution[] = [];
      try {
        resolved = resolveJsonText(text, requestPlace(0, 1), await this.variables(), substitutions);
      } catch (error) {
        return { issues: [{ path: '$', message: this.secrets.text(problemOf(error).message) }] };
      }
      const result = grpcCore().validateRequestJson(schema, info.requestType, resolved);
      return { issues: result.ok ? [] : problemsAsTyped(result.issues, text, resolved, substitutions, this.secrets.text) };
    },
    startCall: async (params) => {
      const selected = this.withSchema(params.targetId);
      const schema = selected.schema;
      const method = grpcCore().findMethod(schema, params.method);
      // Variables are resolved here, the one place every call passes, before anything is sent.
      const scope = await this.variables();
      const requests = params.requests.map((text, index) =>
        parseRequest(text, requestPlace(index, params.requests.length), scope, this.secrets.text),
      );
      const metadata = resolveMetadata(params.metadata, scope);
      await this.guard(params.targetId, selected);
      const connect = { ...this.connectOptions(selected), maxReceiveBytes: params.maxMessageBytes, maxSendBytes: params.maxMessageBytes };
      this.host.log.info(`Calling ${method.fullName} on ${this.secrets.text(selected.canonical)}`);
      const context: CallContext = {
        targetId: params.targetId,
        selected,
        method: method.fullName,
        at: new Date().toISOString(),
        request: historyRequest(this.drafts.get(params.targetId), selected.source, params),
      };
      const callId = this.calls.start(
        (listener) =>
          grpcCore().startCall(
            {
              connect,
              schema,
              method,
              requests,
              metadata,
              deadlineMs: params.deadlineMs,
              retainResponses: 0,
              keepOpen: params.interactive,
            },
            listener,
          ),
        context,
      );
      return { callId };
    },
    pinCertificate: async ({ targetId, sha256 }) => {
      const selected = this.targets.get(targetId);
      // Only what the host itself saw may become a pin; the webview's word is not evidence.
      if (!selected.lastCertificate || normalizeSha256(sha256) !== selected.lastCertificate)
        throw new IpcError(
          'pin-mismatch',
          `That certificate is not the one the extension last saw for ${selected.canonical}, so it was not pinned.`,
          'Press Connect to read the certificate again, then pin what the Certificate indicator shows.',
        );
      await saveCertificatePin(selected.canonical, selected.lastCertificate);
      this.host.log.info(`Pinned the certificate of ${selected.canonical}`);
      return { pinned: true };
    },
    copyGrpcurl: async (raw) => {
      const selected = this.targets.get(raw.targetId);
      // Secrets stay as {{name}} in the copied command; the clipboard is no place for them.
      const params = { ...raw, ...resolveCallInputs(raw.requests, raw.metadata, withSecretsHidden(await this.host.variables())) };
      const source = selected.source ?? { kind: 'reflection' };
      const command = grpcurlCommand(
        {
          endpoint: selected.endpoint,
          tls: selected.tls,
          schema: source,
          method: params.method,
          requests: params.requests,
          metadata: params.metadata,
          deadlineMs: params.deadlineMs,
        },
        { secrets: 'mask', shell: platformShell() },
      );
      // Secret values are masked, but the rest may still be private: the clipboard only, never a log.
      await vscode.env.clipboard.writeText(command);
      return { copied: true };
    },
    saveRequest: async ({ name, state }) => {
      const file = await saveRequestFlow(name, state);
      return file === undefined ? { file: '', cancelled: true } : { file };
    },
    saveResponses: async ({ callId }) => {
      const uri = await vscode.window.showSaveDialog({ filters: { JSON: ['json'] }, saveLabel: 'Save all responses' });
      if (!uri) return { file: null };
      const count = await this.calls.saveAll(callId, uri.fsPath);
      this.host.log.info(`Saved ${count} responses`);
      return { file: uri.fsPath };
    },
    history: async ({ targetId }) => {
      const selected = this.targets.get(targetId);
      return { entries: this.history.list(this.historyKey(selected)) };
    },
    chooseEnvironment: async () => ({ environment: await this.host.chooseEnvironment() }),
  };

  /** Cancels calls and removes spool files. */
  dispose(): Promise<void> {
    return this.calls.dispose();
  }

  /** Writes in the order the panel sent them, though resolving variables takes a variable time. */
  private writes: Promise<void> = Promise.resolve();

  /** One more message on an interactive stream, with its variables resolved like the first ones. */
  write(callId: string, text: string): Promise<void> {
    this.writes = this.writes.then(() => this.writeNow(callId, text));
    return this.writes;
  }

  private async writeNow(callId: string, text: string): Promise<void> {
    try {
      this.calls.write(callId, parseRequest(text, 'the message to send', await this.variables(), this.secrets.text));
    } catch (error) {
      this.host.post({ type: 'callEnded', callId, problem: this.secrets.problem(problemOf(error)) });
    }
  }

  /** What variables resolve from now; its secret values are remembered, to be hidden from the panel. */
  private async variables(): Promise<VariableScope> {
    return this.secrets.remember(await this.host.variables());
  }

  private withSchema(targetId: string): SelectedTarget & { schema: Schema } {
    const selected = this.targets.get(targetId);
    if (!selected.schema) throw new IpcError('schema', 'No methods are loaded for this target.', 'Press Load in the method picker.');
    return selected as SelectedTarget & { schema: Schema };
  }

  /** The target currently selected in the panel; its indicators follow server starts and stops. */
  private current: string | undefined;
  /** Per target, the newest status run, so an older answer never overwrites a newer one. */
  private readonly statusRuns = new Map<string, number>();

  /** Checks the target now, updates the owner indicator, and reports whether it may be called. */
  private async status(targetId: string, selected: SelectedTarget): Promise<Awaited<ReturnType<typeof targetStatus>>> {
    const run = (this.statusRuns.get(targetId) ?? 0) + 1;
    this.statusRuns.set(targetId, run);
    const settings = readSettings();
    const status = await targetStatus(
      selected,
      { policy: settings.ownerPolicy, expected: settings.expectedOwner },
      settings.tlsPins,
      problemOf,
    );
    if (this.statusRuns.get(targetId) === run) this.host.post({ type: 'owner', targetId, owner: status.owner });
    return status;
  }

  /** Refuses, before the first byte, what the owner policy or the pin forbids now. */
  private async guard(targetId: string, selected: SelectedTarget): Promise<void> {
    const status = await this.status(targetId, selected);
    if (status.refusal) throw status.refusal;
    const pin = certificatePin(selected.canonical);
    if (!selected.tls || !pin) return;
    // Read the certificate now (a handshake, no request data) so a swapped server is refused here;
    // the TLS layer checks the pin again during the call's own handshake.
    const peer = await this.probe(targetId, selected);
    if (peer && normalizeSha256(pin) !== peer.sha256)
      throw new IpcError(
        'pin-mismatch',
        `The certificate of ${selected.canonical} (sha256:${peer.sha256}) does not match the pin ${pin}. Nothing was sent.`,
        'If the server’s certificate changed on purpose, remove the old pin from the setting grpcIpc.tls.pins, connect again and pin the new one.',
      );
  }

  /** Looks at the selected target again (a server started, stopped or restarted) and refreshes its indicators. */
  async refreshIndicators(): Promise<void> {
    const targetId = this.current;
    if (!targetId || !this.targets.ids.has(targetId)) return;
    const selected = this.targets.get(targetId);
    const status = await this.status(targetId, selected);
    if (selected.tls && !status.refusal) await this.probe(targetId, selected);
  }

  private connectOptions(selected: SelectedTarget): ConnectOptions {
    if (!selected.tls) return { endpoint: selected.endpoint };
    const pin = certificatePin(selected.canonical);
    // A pin is a trust decision: with it the chain check is skipped, the pin itself is enforced.
    return { endpoint: selected.endpoint, tls: pin ? { ...selected.tls, pin, insecure: true } : selected.tls };
  }

  /** Reads the server's certificate (a TLS handshake, no request data) and shows it; undefined when it cannot be read. */
  private async probe(targetId: string, selected: SelectedTarget): Promise<PeerCertificate | undefined> {
    try {
      const peer = await grpcCore().probeCertificate(selected.endpoint, selected.tls ?? {});
      selected.lastCertificate = peer.sha256;
      const pin = certificatePin(selected.canonical);
      this.host.post({ type: 'certificate', targetId, certificate: certificateView(peer, pin) });
      return peer;
    } catch (error) {
      this.host.log.warn(`Could not read the certificate of ${selected.canonical}: ${problemOf(error).message}`);
      return undefined;
    }
  }

  /** Each selected target as the user typed it, for history entries that restore a request. */
  private readonly drafts = new Map<string, { target: TargetDraft; tls: TlsDraft }>();

  /** Records the call in the history and refreshes the certificate indicator from what it saw. */
  private async afterCall(context: CallContext, result: CallResult | undefined, problem: ProblemView | undefined): Promise<void> {
    const { targetId, selected, method, at, request } = context;
    // The walkthrough's "Send a call" step completes on a call that worked.
    if (result?.code === 0) void vscode.commands.executeCommand('setContext', 'grpcIpc.callSucceeded', true);
    const entry: HistoryEntry = {
      at,
      method,
      ...(request ? { request } : {}),
      codeName: result?.codeName ?? problem?.code ?? 'FAILED',
      totalMs: Math.round(result?.timing.totalMs ?? 0),
    };
    await this.history.add(this.historyKey(selected), entry);
    const pin = certificatePin(selected.canonical);
    if (result?.peerCertificate) selected.lastCertificate = result.peerCertificate.sha256;
    if (result?.peerCertificate)
      this.host.post({ type: 'certificate', targetId, certificate: certificateView(result.peerCertificate, pin) });
    // A refused handshake carries no certificate details; look again so the indicator shows what changed.
    else if (problem?.code === 'pin-mismatch' || problem?.code === 'tls') await this.probe(targetId, selected);
  }

  /** The target as the history stores it: a secret in the address stays {{name}} in the workspace state. */
  private historyKey(selected: SelectedTarget): string {
    return this.secrets.text(selected.canonical);
  }
}

function workspaceCwd(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}
