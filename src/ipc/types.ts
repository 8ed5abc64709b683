// Shapes shared by the core's modules, the CLI, the extension and the webview protocol.
// Plain data only, so they can cross a postMessage boundary.
import type { StatusDetails } from '../shared/errorDetails';
import type { Endpoint } from './endpoint';

/** TLS settings for a connection; file paths, never file contents, so they are safe to log. */
export interface TlsOptions {
  /** PEM file with the CA(s) to trust; the system roots when absent. */
  ca?: string;
  /** Client certificate and key files, for mutual TLS. */
  cert?: string;
  key?: string;
  /** Name to verify the server certificate against (also sent as SNI and :authority). */
  serverName?: string;
  /** Skip chain and name verification. The pin, when set, is still enforced. */
  insecure?: boolean;
  /** `sha256:` plus 64 hex digits (colons allowed); the call is refused before sending on a mismatch. */
  pin?: string;
}

/** The server certificate as seen during the handshake. */
export interface PeerCertificate {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  /** Lowercase hex, no colons. */
  sha256: string;
  /** Whether the chain verified against the configured CA (false when insecure skipped it). */
  chainVerified: boolean;
  /** The verification error, when the chain did not verify. */
  chainError?: string;
}

/** Everything needed to open a connection. */
export interface ConnectOptions {
  endpoint: Endpoint;
  tls?: TlsOptions;
  /** Bytes; grpc-js defaults to 4 MiB for receiving and no limit for sending. */
  maxReceiveBytes?: number;
  maxSendBytes?: number;
}

/** Where a schema came from, as `describe --json` reports it. */
export type SchemaOrigin = 'reflection-v1' | 'reflection-v1alpha' | 'proto' | 'protoset';

/** One RPC method, by its fully qualified names. */
export interface MethodInfo {
  /** Simple name, e.g. `Echo`. */
  name: string;
  /** `pkg.Service.Method`. */
  fullName: string;
  /** The HTTP/2 path, `/pkg.Service/Method`. */
  path: string;
  requestType: string;
  responseType: string;
  clientStreaming: boolean;
  serverStreaming: boolean;
}

export interface ServiceInfo {
  /** `pkg.Service`. */
  name: string;
  methods: MethodInfo[];
}

/** The call kind, derived from the two streaming flags. */
export type CallKind = 'unary' | 'server-streaming' | 'client-streaming' | 'bidi';

export function callKind(method: Pick<MethodInfo, 'clientStreaming' | 'serverStreaming'>): CallKind {
  if (method.clientStreaming) return method.serverStreaming ? 'bidi' : 'client-streaming';
  return method.serverStreaming ? 'server-streaming' : 'unary';
}

/** A metadata entry; `-bin` keys carry base64 text. Secret values are masked wherever they are shown. */
export interface MetadataEntry {
  key: string;
  value: string;
  secret?: boolean;
}

/** Milliseconds from the start of the call. */
export interface CallTiming {
  connectMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

/** What a finished call reports. */
export interface CallResult {
  code: number;
  codeName: string;
  message: string;
  /** What to change, when the client itself ended the call for a limit the user set; `{knob}` tokens that each surface words (remedy.ts). */
  hint?: string;
  /** The google.rpc.Status the server sent in `grpc-status-details-bin`, decoded; absent when it sent none. */
  statusDetails?: StatusDetails;
  headers: Record<string, string[]>;
  trailers: Record<string, string[]>;
  /** Canonical proto3 JSON of each response message, in order. */
  responses: unknown[];
  timing: CallTiming;
  /** The transport actually used, as a target string. */
  transport: string;
  peerCertificate?: PeerCertificate;
}
