// Builds the grpcurl command line equivalent to a call or a describe, for "Copy as grpcurl".
import { IpcError } from './errors';
import { pipePath, type Endpoint } from './endpoint';
import type { MetadataEntry, TlsOptions } from './types';

/** What the command should do and where. */
export interface GrpcurlRequest {
  endpoint: Endpoint;
  tls?: TlsOptions;
  /** `pkg.Service/Method`; a `describe` when absent. */
  method?: string;
  /** With no method: the symbol to describe (`pkg.Service`); everything when absent. */
  symbol?: string;
  /** Request JSON; `{}` when a method is given without one. */
  body?: string;
  protoFiles?: string[];
  importPaths?: string[];
  metadata?: MetadataEntry[];
}

/** Which shell the command is quoted for. */
export type ShellQuoting = 'posix' | 'powershell';

/** The argument vector (without "grpcurl"), unquoted. */
export function grpcurlArgs(request: GrpcurlRequest): string[] {
  const args = tlsArgs(request.tls);
  for (const dir of request.importPaths ?? []) args.push('-import-path', dir);
  for (const file of request.protoFiles ?? []) args.push('-proto', file);
  for (const entry of request.metadata ?? []) args.push('-H', `${entry.key}: ${entry.secret ? '<secret>' : entry.value}`);
  if (request.method) args.push('-d', request.body ?? '{}');
  args.push(...addressArgs(request.endpoint));
  if (request.method) args.push(request.method.replace(/^\//, ''));
  else args.push('describe', ...(request.symbol ? [request.symbol] : []));
  return args;
}

/** The whole command, quoted for the shell. */
export function grpcurlCommand(request: GrpcurlRequest, quoting: ShellQuoting = 'posix'): string {
  return ['grpcurl', ...grpcurlArgs(request)].map((arg) => quote(arg, quoting)).join(' ');
}

/** grpcurl's TLS flags: -plaintext without TLS. */
export function tlsArgs(tls: TlsOptions | undefined): string[] {
  if (!tls) return ['-plaintext'];
  const args: string[] = [];
  if (tls.insecure) args.push('-insecure');
  if (tls.ca) args.push('-cacert', tls.ca);
  if (tls.cert) args.push('-cert', tls.cert);
  if (tls.key) args.push('-key', tls.key);
  if (tls.serverName) args.push('-servername', tls.serverName);
  return args;
}

function addressArgs(endpoint: Endpoint): string[] {
  const address = dialAddress(endpoint);
  return endpoint.kind === 'unix' || endpoint.kind === 'abstract' ? ['-unix', address] : [address];
}

/** The address grpcurl dials (with -unix for sockets); named pipes are refused, as grpcurl cannot dial them. */
export function dialAddress(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return endpoint.path;
    case 'abstract':
      // Go maps a leading '@' to the abstract namespace.
      return `@${endpoint.name}`;
    case 'pipe':
      throw new IpcError(
        'pipe-not-supported',
        `grpcurl cannot dial named pipes such as ${pipePath(endpoint.name)}.`,
        'Call it from the request builder or with grpc-ipc call instead.',
      );
    case 'tcp':
      return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
  }
}

/** Quotes one argument only when it needs it. */
export function quote(arg: string, quoting: ShellQuoting): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (quoting === 'powershell') return `'${arg.replace(/'/g, "''")}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
