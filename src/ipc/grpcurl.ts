// Builds the grpcurl command line equivalent to a call or a describe, for "Copy as grpcurl" in the
// tree and in the request panel. Secret metadata is masked unless the caller asks otherwise.
import type { SchemaSource } from '../shared/types';
import { IpcError } from './errors';
import { pipePath, type Endpoint } from './endpoint';
import type { MetadataEntry, TlsOptions } from './types';

/** What the command should do and where. */
export interface GrpcurlRequest {
  endpoint: Endpoint;
  tls?: TlsOptions;
  /** Server reflection when absent. */
  schema?: SchemaSource;
  /** `pkg.Service/Method`, `/pkg.Service/Method` or `pkg.Service.Method`; a `describe` when absent. */
  method?: string;
  /** With no method: the symbol to describe (`pkg.Service`); everything when absent. */
  symbol?: string;
  /** Request messages as JSON text; `{}` when a method is given without any. */
  requests?: string[];
  metadata?: MetadataEntry[];
  deadlineMs?: number;
}

/** Which shell the command is quoted for. */
export type ShellQuoting = 'posix' | 'powershell';

/** How to write the command: both choices are the caller's to make. */
export interface GrpcurlFormat {
  /** `mask` writes `<secret>` for secret metadata values; `include` copies them as typed. */
  secrets: 'mask' | 'include';
  shell: ShellQuoting;
}

/** The shell a copied command is pasted into on this platform. */
export function platformShell(platform: NodeJS.Platform = process.platform): ShellQuoting {
  return platform === 'win32' ? 'powershell' : 'posix';
}

/** The argument vector (without "grpcurl"), unquoted. */
export function grpcurlArgs(request: GrpcurlRequest, secrets: GrpcurlFormat['secrets']): string[] {
  const args = tlsArgs(request.tls);
  args.push(...schemaArgs(request.schema ?? { kind: 'reflection' }));
  for (const entry of request.metadata ?? [])
    if (entry.key) args.push('-H', `${entry.key}: ${entry.secret && secrets === 'mask' ? '<secret>' : entry.value}`);
  if (request.deadlineMs !== undefined) args.push('-max-time', String(request.deadlineMs / 1000));
  if (request.method) args.push('-d', request.requests?.length ? request.requests.map(compactJson).join('\n') : '{}');
  args.push(...addressArgs(request.endpoint));
  if (request.method) args.push(slashMethod(request.method));
  else args.push('describe', ...(request.symbol ? [request.symbol] : []));
  return args;
}

/** The whole command, quoted for the shell. */
export function grpcurlCommand(request: GrpcurlRequest, format: GrpcurlFormat): string {
  return ['grpcurl', ...grpcurlArgs(request, format.secrets)].map((arg) => quote(arg, format.shell)).join(' ');
}

/** grpcurl's TLS flags: -plaintext without TLS. */
function tlsArgs(tls: TlsOptions | undefined): string[] {
  if (!tls) return ['-plaintext'];
  const args: string[] = [];
  if (tls.insecure) args.push('-insecure');
  if (tls.ca) args.push('-cacert', tls.ca);
  if (tls.cert) args.push('-cert', tls.cert);
  if (tls.key) args.push('-key', tls.key);
  if (tls.serverName) args.push('-servername', tls.serverName);
  return args;
}

function schemaArgs(schema: SchemaSource): string[] {
  switch (schema.kind) {
    case 'reflection':
      return [];
    case 'proto':
      return [...schema.importPaths.flatMap((dir) => ['-import-path', dir]), ...schema.files.flatMap((file) => ['-proto', file])];
    case 'protoset':
      return ['-protoset', schema.file];
  }
}

function addressArgs(endpoint: Endpoint): string[] {
  const address = dialAddress(endpoint);
  return endpoint.kind === 'unix' || endpoint.kind === 'abstract' ? ['-unix', address] : [address];
}

/** The address grpcurl dials (with -unix for sockets); named pipes are refused, as grpcurl cannot dial them. */
function dialAddress(endpoint: Endpoint): string {
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

/** grpcurl wants `pkg.Service/Method`. */
function slashMethod(method: string): string {
  if (method.includes('/')) return method.replace(/^\//, '');
  const dot = method.lastIndexOf('.');
  return dot < 0 ? method : `${method.slice(0, dot)}/${method.slice(dot + 1)}`;
}

/** One message per line, as grpcurl reads a stream of them from -d. */
function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text.trim();
  }
}

/** Quotes one argument only when it needs it. */
export function quote(arg: string, quoting: ShellQuoting): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  if (quoting === 'powershell') return `'${arg.replace(/'/g, "''")}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
