// Turns a call as set up in the request panel into an equivalent grpcurl command line.
// The command is for the user's own clipboard: metadata values are included as typed, so
// callers must never log the result.
import type { Endpoint } from '../endpoint';
import { IpcError } from '../errors';
import type { MetadataEntry, TlsOptions } from '../types';

/** Where grpcurl should take the schema from. */
export type GrpcurlSchema =
  { kind: 'reflection' } | { kind: 'proto'; files: string[]; importPaths: string[] } | { kind: 'protoset'; file: string };

/** Everything the command needs. */
export interface GrpcurlCall {
  endpoint: Endpoint;
  tls?: TlsOptions;
  schema: GrpcurlSchema;
  /** `pkg.Service.Method` or `pkg.Service/Method`. */
  method: string;
  /** Request messages as JSON text. */
  requests: string[];
  metadata?: MetadataEntry[];
  deadlineMs?: number;
}

/** The argument vector, without the program name. */
export function grpcurlArgs(call: GrpcurlCall): string[] {
  const args: string[] = [];
  if (call.endpoint.kind === 'unix' || call.endpoint.kind === 'abstract') args.push('-unix');
  if (call.endpoint.kind === 'pipe')
    throw new IpcError(
      'usage',
      'grpcurl cannot dial Windows named pipes.',
      'Use the grpc-ipc CLI for pipes, or expose the server on TCP or a Unix socket.',
    );
  if (!call.tls) args.push('-plaintext');
  else {
    if (call.tls.insecure) args.push('-insecure');
    if (call.tls.ca) args.push('-cacert', call.tls.ca);
    if (call.tls.cert) args.push('-cert', call.tls.cert);
    if (call.tls.key) args.push('-key', call.tls.key);
    if (call.tls.serverName) args.push('-servername', call.tls.serverName);
  }
  if (call.schema.kind === 'proto') {
    for (const dir of call.schema.importPaths) args.push('-import-path', dir);
    for (const file of call.schema.files) args.push('-proto', file);
  } else if (call.schema.kind === 'protoset') args.push('-protoset', call.schema.file);
  for (const entry of call.metadata ?? []) if (entry.key) args.push('-H', `${entry.key}: ${entry.value}`);
  if (call.deadlineMs !== undefined) args.push('-max-time', String(call.deadlineMs / 1000));
  if (call.requests.length > 0) args.push('-d', call.requests.map(compactJson).join('\n'));
  args.push(address(call.endpoint), slashMethod(call.method));
  return args;
}

/** The command as one POSIX shell line. */
export function grpcurlCommand(call: GrpcurlCall): string {
  return ['grpcurl', ...grpcurlArgs(call)].map(shellQuote).join(' ');
}

function address(endpoint: Exclude<Endpoint, { kind: 'pipe' }>): string {
  switch (endpoint.kind) {
    case 'unix':
      return endpoint.path;
    case 'abstract':
      // Go dials the abstract namespace for a unix address that starts with '@'.
      return `@${endpoint.name}`;
    case 'tcp':
      return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
  }
}

/** grpcurl wants `pkg.Service/Method`. */
function slashMethod(method: string): string {
  if (method.includes('/')) return method.replace(/^\//, '');
  const dot = method.lastIndexOf('.');
  return dot < 0 ? method : `${method.slice(0, dot)}/${method.slice(dot + 1)}`;
}

function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}

/** Quotes a word for a POSIX shell, leaving plain words alone for readability. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
