// The one contract between the request panel's host and its webview. Both sides import it
// (the host with type-only imports plus the `Requests` table), so it holds no vscode and no DOM.
import type { StatusDetails } from './errorDetails';
import type { IpcErrorCode, SchemaSource, TargetDraft, TransportKind } from './types';

export type { TargetDraft, TransportKind } from './types';

/** TLS as set in the target bar; file fields hold paths the host handed out from a file picker. */
export type TlsDraft = { kind: 'off' } | { kind: 'on'; ca: string; cert: string; key: string; serverName: string; insecure: boolean };

/** A metadata row; secret values are masked in the panel and never logged. */
export interface MetadataRow {
  key: string;
  value: string;
  secret: boolean;
}

/** A user-facing failure: what happened and what to do. */
export interface ProblemView {
  code: IpcErrorCode;
  message: string;
  hint?: string;
}

/** Traffic-light state of an indicator. */
export type Light = 'green' | 'amber' | 'red' | 'grey';

/** The owner indicator: who owns and who listens on the socket, against the expected owner. */
export interface OwnerView {
  light: Light;
  summary: string;
  details: string[];
  /** Set when the policy blocks sending. */
  blockReason?: string;
}

/** The certificate indicator. */
export interface CertificateView {
  light: Light;
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  sha256: string;
  chain: string;
  pin: 'not-pinned' | 'pinned-match' | 'pinned-mismatch';
  blockReason?: string;
}

/** The transport indicator: what was actually used. */
export interface TransportView {
  summary: string;
  details: string[];
}

/** One method in the picker. */
export interface MethodView {
  fullName: string;
  service: string;
  name: string;
  kind: 'unary' | 'server-streaming' | 'client-streaming' | 'bidi';
}

/** A note on the generated template, such as an enum's values or a oneof's other members. */
export interface TemplateHint {
  path: string;
  text: string;
}

/** A JSON problem found in the request text. */
export interface JsonIssueView {
  path: string;
  message: string;
}

/** A finished call's status, headers, trailers and timing. */
export interface CallSummary {
  code: number;
  codeName: string;
  message: string;
  /** What to change in the panel, when the call hit a limit set there (the Deadline or Max message field). */
  hint?: string;
  headers: Record<string, string[]>;
  trailers: Record<string, string[]>;
  timing: { connectMs?: number; firstByteMs?: number; totalMs: number };
  transport: string;
  messageCount: number;
  /** Messages not kept in the panel's history (still counted, and saved by "save all"). */
  dropped: number;
  /** The server's error details (google.rpc.Status), decoded; absent when it sent none. */
  statusDetails?: StatusDetails;
}

/** One entry of the recent-calls history of a target. */
export interface HistoryEntry {
  at: string;
  method: string;
  codeName: string;
  totalMs: number;
  /** The request as sent (variables unresolved, secret metadata blanked), to restore or re-run it. */
  request?: PanelState;
}

/** What the webview keeps across reloads (vscode.setState). Secret metadata values are blanked first. */
export interface PanelState {
  target: TargetDraft;
  tls: TlsDraft;
  source: SchemaSource;
  method: string;
  requests: string[];
  metadata: MetadataRow[];
  deadlineMs: number;
  maxMessageBytes: number;
}

// ---- request/response pairs -------------------------------------------------------------

/** Pairs a request name with its parameter and result types. */
export interface RequestType<P, R> {
  readonly name: string;
  /** Phantom fields that carry the types; never set at runtime. */
  readonly params?: P;
  readonly result?: R;
  readonly timeoutMs: number;
}

export function defineRequest<P, R>(name: string, timeoutMs = 30_000): RequestType<P, R> {
  return { name, timeoutMs };
}

/** The file pickers the panel offers. */
export type PickPurpose = 'ca' | 'cert' | 'key' | 'proto' | 'importPath' | 'protoset' | 'socket';

/** Identifies a target the user selected; the host issues these. */
export interface TargetRef {
  targetId: string;
}

export interface SelectTargetResult {
  targetId: string;
  label: string;
  owner: OwnerView;
  transport: TransportView;
}

export interface LoadSchemaResult {
  sourceLabel: string;
  methods: MethodView[];
}

/** A JSON Schema document (draft-07), as the core generates it from a message's descriptor. */
export type JsonSchemaView = { [keyword: string]: unknown };

export interface DescribeResult {
  kind: MethodView['kind'];
  requestType: string;
  template: string;
  hints: TemplateHint[];
  /** The request message's canonical proto3 JSON shape, for the editor's completion and hover. */
  schema: JsonSchemaView;
}

export interface StartCallParams extends TargetRef {
  method: string;
  /** One JSON text per request message; for interactive streams the first ones to send. */
  requests: string[];
  /** Keep the request stream open for messages sent one at a time. */
  interactive: boolean;
  metadata: MetadataRow[];
  deadlineMs: number;
  maxMessageBytes: number;
}

export interface GrpcurlParams extends TargetRef {
  method: string;
  requests: string[];
  metadata: MetadataRow[];
  deadlineMs: number;
}

export interface SaveRequestParams {
  name: string;
  state: PanelState;
}

export const Requests = {
  /** Validates a target as typed, with the core's messages. */
  checkTarget: defineRequest<{ target: TargetDraft }, { ok: true; canonical: string } | { ok: false; problem: ProblemView }>(
    'checkTarget',
    5_000,
  ),
  /** Selects a target (and its TLS) for the calls that follow. */
  selectTarget: defineRequest<{ target: TargetDraft; tls: TlsDraft }, SelectTargetResult>('selectTarget'),
  /** Shows a file picker; the host remembers the chosen paths. */
  pickFile: defineRequest<{ purpose: PickPurpose }, { paths: string[] }>('pickFile', 600_000),
  /** Lists sockets found by discovery for the socket picker (the tree's filter); `grpc` marks those that answered gRPC. */
  listSockets: defineRequest<Record<string, never>, { sockets: string[]; grpc?: string[] }>('listSockets', 15_000),
  /** Loads the schema of the selected target from reflection or files. */
  loadSchema: defineRequest<TargetRef & { source: SchemaSource }, LoadSchemaResult>('loadSchema', 60_000),
  /** Makes the request template and hints for a method. */
  describeMethod: defineRequest<TargetRef & { method: string }, DescribeResult>('describeMethod'),
  /** Validates request JSON with the core's validator. */
  validateRequest: defineRequest<TargetRef & { method: string; text: string }, { issues: JsonIssueView[] }>('validateRequest', 5_000),
  /** Starts a call; events then stream in as callEvents messages. */
  startCall: defineRequest<StartCallParams, { callId: string }>('startCall'),
  /** Saves a server certificate's thumbprint as the target's pin (grpcIpc.tlsPins). */
  pinCertificate: defineRequest<TargetRef & { sha256: string }, { pinned: true }>('pinCertificate', 10_000),
  /** Copies the call as a grpcurl command to the clipboard. */
  copyGrpcurl: defineRequest<GrpcurlParams, { copied: true }>('copyGrpcurl'),
  /** Asks for a name (`name` is the default) and saves the request under .vscode/grpc-ipc/requests; never overwrites without asking. */
  saveRequest: defineRequest<SaveRequestParams, { file: string; cancelled?: true }>('saveRequest', 600_000),
  /** Saves every response of a call to a file the user picks. */
  saveResponses: defineRequest<{ callId: string }, { file: string | null }>('saveResponses', 600_000),
  /** Recent calls on a target. */
  history: defineRequest<TargetRef, { entries: HistoryEntry[] }>('history', 5_000),
  /** Lets the user choose the environment for {{variables}} (a quick pick); answers with the choice. */
  chooseEnvironment: defineRequest<Record<string, never>, { environment: string | null }>('chooseEnvironment', 600_000),
} as const;

export type RequestName = keyof typeof Requests;
export type ParamsOf<N extends RequestName> = (typeof Requests)[N] extends RequestType<infer P, unknown> ? P : never;
export type ResultOf<N extends RequestName> = (typeof Requests)[N] extends RequestType<unknown, infer R> ? R : never;

// ---- webview → host ---------------------------------------------------------------------

/** The webview has loaded and listens: the host tells it the chosen environment. */
export interface ReadyMessage {
  type: 'ready';
}

/** A request; answered by a ReplyMessage with the same id. */
export type RequestMessage = { [N in RequestName]: { type: 'request'; id: number; name: N; params: ParamsOf<N> } }[RequestName];

/** One more message on an interactive client stream. */
export interface CallWriteMessage {
  type: 'callWrite';
  callId: string;
  text: string;
}

/** Closes the request side of a stream. */
export interface CallEndMessage {
  type: 'callEnd';
  callId: string;
}

/** Cancels a call in flight. */
export interface CallCancelMessage {
  type: 'callCancel';
  callId: string;
}

/** Copies text (a response) to the clipboard. */
export interface CopyTextMessage {
  type: 'copyText';
  text: string;
}

export type FromWebview = ReadyMessage | RequestMessage | CallWriteMessage | CallEndMessage | CallCancelMessage | CopyTextMessage;

// ---- host → webview ---------------------------------------------------------------------

/** The id of the page's element that carries the PanelInit as JSON. */
export const PANEL_INIT_ID = 'panel-init';

/**
 * Platform facts and settings the panel starts from. The host writes them into the page itself, so the
 * panel is built as soon as its script runs, without waiting for a round trip through the host.
 */
export interface PanelInit {
  transports: TransportKind[];
  defaultTransport: TransportKind;
  /** How named pipes are opened, for the transport indicator. */
  pipeImpersonation: string;
  expectedOwner: string;
  /** A target and method to open with, from the command that opened the panel. */
  preset?: { draft?: TargetDraft; method?: string; state?: PanelState; run?: boolean };
}

/** The answer to a RequestMessage. */
export type ReplyMessage =
  { type: 'reply'; inReplyTo: number; ok: true; result: unknown } | { type: 'reply'; inReplyTo: number; ok: false; problem: ProblemView };

/** A batch of a call's events, flushed every ~75 ms so long streams never flood the panel. */
export interface CallEventsMessage {
  type: 'callEvents';
  callId: string;
  headers?: Record<string, string[]>;
  /** Pretty JSON of the newest messages, with their indexes, ms since the call started and size in bytes (compact JSON). */
  messages: Array<{ index: number; json: string; atMs?: number; bytes?: number }>;
  /** Messages received so far. */
  received: number;
}

/** The call finished (or failed before starting). */
export interface CallEndedMessage {
  type: 'callEnded';
  callId: string;
  summary?: CallSummary;
  problem?: ProblemView;
  certificate?: CertificateView;
  transport?: TransportView;
}

/** The certificate the server presented, checked before any call. */
export interface CertificateMessage {
  type: 'certificate';
  targetId: string;
  certificate: CertificateView;
}

/** The owner indicator as the host sees it now: sent before each call and when a server starts, stops or restarts. */
export interface OwnerMessage {
  type: 'owner';
  targetId: string;
  owner: OwnerView;
}

/** The environment {{variables}} resolve from now (null: none, or not read in Restricted Mode). */
export interface EnvironmentMessage {
  type: 'environment';
  name: string | null;
}

export type ToWebview = ReplyMessage | CallEventsMessage | CallEndedMessage | CertificateMessage | OwnerMessage | EnvironmentMessage;

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
