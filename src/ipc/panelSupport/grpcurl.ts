// Turns a call as set up in the request panel into an equivalent grpcurl command line.
// The command is for the user's own clipboard: metadata values are included as typed, so
// callers must never log the result.
import type { Endpoint } from '../endpoint';
import { dialAddress, quote, tlsArgs } from '../grpcurl';
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
  const address = dialAddress(call.endpoint);
  const args: string[] = [];
  if (call.endpoint.kind === 'unix' || call.endpoint.kind === 'abstract') args.push('-unix');
  args.push(...tlsArgs(call.tls));
  if (call.schema.kind === 'proto') {
    for (const dir of call.schema.importPaths) args.push('-import-path', dir);
    for (const file of call.schema.files) args.push('-proto', file);
  } else if (call.schema.kind === 'protoset') args.push('-protoset', call.schema.file);
  for (const entry of call.metadata ?? []) if (entry.key) args.push('-H', `${entry.key}: ${entry.value}`);
  if (call.deadlineMs !== undefined) args.push('-max-time', String(call.deadlineMs / 1000));
  if (call.requests.length > 0) args.push('-d', call.requests.map(compactJson).join('\n'));
  args.push(address, slashMethod(call.method));
  return args;
}

/** The command as one POSIX shell line. */
export function grpcurlCommand(call: GrpcurlCall): string {
  return ['grpcurl', ...grpcurlArgs(call)].map(shellQuote).join(' ');
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
  return quote(word, 'posix');
}
