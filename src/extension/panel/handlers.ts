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
  PickPurpose,
  ProblemView,
  RequestName,
  ResultOf,
  ToWebview,
} from '../../shared/protocol';
import { grpcurlCommand, platformShell } from '../../ipc/grpcurl';
import { callKind, type CallResult, type ConnectOptions } from '../../ipc/types';
import { wordHint } from '../../ipc/remedy';
import { readSettings } from '../settings';
import { PANEL_WORDS } from '../words';
import { CallRunner } from './calls';
import { assertReachable, endpointFromDraft, formatTarget, grpcTarget } from '../../ipc/endpoint';
import { IpcError, isIpcError } from '../../ipc/errors';
import { checkExpectedOwner, inspectOwner } from '../../ipc/owner';
import { discover } from '../../ipc/discovery/discover';
import type { Schema } from '../../ipc/schema/schema';
import { grpcCore } from '../grpcCore';
import { saveRequestFlow } from './saveFlow';
import { requestPlace, resolveCallInputs, resolveDraftVariables } from './variables';
import type { VariableScope } from '../../ipc/variables/resolve';
import { resolveJsonText, withSecretsHidden } from '../../ipc/variables/resolve';
import { type SelectedTarget, TargetRegistry, tlsOptions } from './targets';
import { certificateView, type OwnerPolicy, ownerView, PIPE_IMPERSONATION, transportView } from './views';

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

const HISTORY_KEY = 'grpcIpc.requestHistory';
const HISTORY_LIMIT = 20;

export class RequestHandlers {
  readonly targets = new TargetRegistry();
  readonly calls: CallRunner<CallContext>;

  constructor(
    private readonly host: HandlerHost,
    spoolDir: () => string,
  ) {
    this.calls = new CallRunner({
      post: (message) => host.post(message),
      spoolDir,
      explain: (error) => ({ problem: problemOf(error) }),
      beforeEnded: (_callId, context, result, problem) => this.afterCall(context, result, problem),
    });
  }

  async handle<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> {
    const run = this.table[name] as (params: ParamsOf<N>) => Promise<ResultOf<N>>;
    return run(params);
  }

  private readonly table: { [N in RequestName]: (params: ParamsOf<N>) => Promise<ResultOf<N>> } = {
    checkTarget: async ({ target }) => {
      try {
        const endpoint = endpointFromDraft(resolveDraftVariables(target, await this.host.variables()), workspaceCwd());
        assertReachable(endpoint);
        return { ok: true, canonical: formatTarget(endpoint) };
      } catch (error) {
        return { ok: false, problem: problemOf(error) };
      }
    },
    selectTarget: async ({ target, tls }) => {
      const endpoint = endpointFromDraft(resolveDraftVariables(target, await this.host.variables()), workspaceCwd());
      // The one reachability check of this operation (preflight starts with it).
      await grpcCore().preflight(endpoint);
      const targetId = this.targets.add(endpoint, tlsOptions(tls));
      const selected = this.targets.get(targetId);
      // As typed, variables included, so a history entry restores what the user wrote.
      this.drafts.set(targetId, { target, tls });
      const expected = expectedOwner();
      const policy: OwnerPolicy = readSettings().ownerPolicy;
      const facts = await inspectOwner(endpoint);
      const owner = ownerView(facts, checkExpectedOwner(facts, expected), expected, policy);
      if (selected.tls) void this.probe(targetId, selected);
      this.host.log.info(`Selected target ${selected.canonical}`);
      return {
        targetId,
        label: selected.canonical,
        owner,
        transport: transportView(endpoint, Boolean(selected.tls), grpcTarget(endpoint), PIPE_IMPERSONATION),
      };
    },
    pickFile: async ({ purpose }) => {
      const uris = await vscode.window.showOpenDialog(pickerOptions(purpose));
      const paths = (uris ?? []).map((uri) => uri.fsPath);
      this.host.rememberPaths(paths);
      return { paths };
    },
    listSockets: async () => ({ sockets: await listSocketPaths() }),
    loadSchema: async ({ targetId, source }) => {
      const selected = this.targets.get(targetId);
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
      try {
        resolved = resolveJsonText(text, requestPlace(0, 1), await this.host.variables());
      } catch (error) {
        return { issues: [{ path: '$', message: problemOf(error).message }] };
      }
      const result = grpcCore().validateRequestJson(schema, info.requestType, resolved);
      return { issues: result.ok ? [] : result.issues };
    },
    startCall: async (params) => {
      const selected = this.withSchema(params.targetId);
      const schema = selected.schema;
      const method = grpcCore().findMethod(schema, params.method);
      // Variables are resolved here, the one place every call passes, before anything is sent.
      const inputs = resolveCallInputs(params.requests, params.metadata, await this.host.variables());
      const requests = inputs.requests.map((text, index) => parseJson(text, index));
      const connect = { ...this.connectOptions(selected), maxReceiveBytes: params.maxMessageBytes, maxSendBytes: params.maxMessageBytes };
      this.host.log.info(`Calling ${method.fullName} on ${selected.canonical}`);
      const context: CallContext = {
        targetId: params.targetId,
        selected,
        method: method.fullName,
        at: new Date().toISOString(),
        request: this.historyRequest(params),
      };
      const callId = this.calls.start(
        (listener) =>
          grpcCore().startCall(
            {
              connect,
              schema,
              method,
              requests,
              metadata: inputs.metadata,
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
      const next = { ...pins(), [selected.canonical]: `sha256:${sha256}` };
      await settings().update('tls.pins', next, vscode.ConfigurationTarget.Global);
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
      return { entries: this.historyOf(selected.canonical) };
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
      this.calls.write(callId, JSON.parse(resolveJsonText(text, 'the message to send', await this.host.variables())));
    } catch (error) {
      this.host.post({ type: 'callEnded', callId, problem: problemOf(error) });
    }
  }

  private withSchema(targetId: string): SelectedTarget & { schema: Schema } {
    const selected = this.targets.get(targetId);
    if (!selected.schema) throw new IpcError('schema', 'No methods are loaded for this target.', 'Press Load in the method picker.');
    return selected as SelectedTarget & { schema: Schema };
  }

  private connectOptions(selected: SelectedTarget): ConnectOptions {
    if (!selected.tls) return { endpoint: selected.endpoint };
    const pin = pins()[selected.canonical];
    // A pin is a trust decision: with it the chain check is skipped, the pin itself is enforced.
    return { endpoint: selected.endpoint, tls: pin ? { ...selected.tls, pin, insecure: true } : selected.tls };
  }

  private async probe(targetId: string, selected: SelectedTarget): Promise<void> {
    try {
      const peer = await grpcCore().probeCertificate(selected.endpoint, selected.tls ?? {});
      const pin = pins()[selected.canonical];
      this.host.post({ type: 'certificate', targetId, certificate: certificateView(peer, pin) });
    } catch (error) {
      this.host.log.warn(`Could not read the certificate of ${selected.canonical}: ${problemOf(error).message}`);
    }
  }

  /** Each selected target as the user typed it, for history entries that restore a request. */
  private readonly drafts = new Map<string, { target: TargetDraft; tls: TlsDraft }>();

  /** The request as a history entry keeps it: as typed, with secret metadata values blanked. */
  private historyRequest(params: ParamsOf<'startCall'>): PanelState | undefined {
    const draft = this.drafts.get(params.targetId);
    const selected = this.targets.get(params.targetId);
    if (!draft) return undefined;
    return {
      target: draft.target,
      tls: draft.tls,
      source: selected.source ?? { kind: 'reflection' },
      method: params.method,
      requests: params.requests,
      metadata: params.metadata.map((row) => (row.secret ? { ...row, value: '' } : row)),
      deadlineMs: params.deadlineMs,
      maxMessageBytes: params.maxMessageBytes,
    };
  }

  /** Records the call in the history and refreshes the certificate indicator from what it saw. */
  private async afterCall(context: CallContext, result: CallResult | undefined, problem: ProblemView | undefined): Promise<void> {
    const { targetId, selected, method, at, request } = context;
    const entry: HistoryEntry = {
      at,
      method,
      ...(request ? { request } : {}),
      codeName: result?.codeName ?? problem?.code ?? 'FAILED',
      totalMs: Math.round(result?.timing.totalMs ?? 0),
    };
    const all = this.host.state.get<Record<string, HistoryEntry[]>>(HISTORY_KEY, {});
    await this.host.state.update(HISTORY_KEY, {
      ...all,
      [selected.canonical]: [entry, ...this.historyOf(selected.canonical)].slice(0, HISTORY_LIMIT),
    });
    const pin = pins()[selected.canonical];
    if (result?.peerCertificate)
      this.host.post({ type: 'certificate', targetId, certificate: certificateView(result.peerCertificate, pin) });
    // A refused handshake carries no certificate details; look again so the indicator shows what changed.
    else if (problem?.code === 'pin-mismatch' || problem?.code === 'tls') await this.probe(targetId, selected);
  }

  private historyOf(canonical: string): HistoryEntry[] {
    return this.host.state.get<Record<string, HistoryEntry[]>>(HISTORY_KEY, {})[canonical] ?? [];
  }
}

function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('grpcIpc');
}

/** Target string → `sha256:` pin (grpcIpc.tls.pins); in Restricted Mode from user settings only. */
function pins(): Record<string, string> {
  return readSettings().tlsPins;
}

/** A uid or user name (grpcIpc.owner.expected); the user VS Code runs as when empty. */
export function expectedOwner(): string {
  return readSettings().expectedOwner || os.userInfo().username;
}

/** Paths of listening Unix socket files found by discovery, for the socket picker. */
async function listSocketPaths(): Promise<string[]> {
  const endpoints = await discover({ probe: false });
  return endpoints.filter((endpoint) => endpoint.kind === 'unix' && endpoint.listening && !endpoint.stale).map((endpoint) => endpoint.path);
}

function workspaceCwd(): string {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.homedir();
}

export function problemOf(error: unknown): ProblemView {
  if (isIpcError(error))
    return { code: error.code, message: error.message, ...(error.hint ? { hint: wordHint(error.hint, PANEL_WORDS) } : {}) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

function parseJson(text: string, index: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new IpcError(
      'bad-request-json',
      `Request message ${index + 1} is not valid JSON: ${(error as Error).message}.`,
      'Fix the JSON in the editor.',
    );
  }
}

function sourceLabel(source: Schema['source'], draft: { kind: string }): string {
  switch (source) {
    case 'reflection-v1':
      return 'server reflection (v1)';
    case 'reflection-v1alpha':
      return 'server reflection (v1alpha)';
    case 'proto':
      return '.proto files';
    case 'protoset':
      return draft.kind === 'protoset' ? 'a protoset file' : 'protoset';
  }
}

function pickerOptions(purpose: PickPurpose): vscode.OpenDialogOptions {
  const title: Record<PickPurpose, string> = {
    ca: 'CA certificate (PEM)',
    cert: 'Client certificate (PEM)',
    key: 'Client key (PEM)',
    proto: '.proto files',
    importPath: 'Import path folders',
    protoset: 'Protoset file',
    socket: 'Socket file',
  };
  return {
    title: title[purpose],
    canSelectFiles: purpose !== 'importPath',
    canSelectFolders: purpose === 'importPath',
    canSelectMany: purpose === 'proto' || purpose === 'importPath',
    ...(purpose === 'proto' ? { filters: { Protobuf: ['proto'] } } : {}),
  };
}
