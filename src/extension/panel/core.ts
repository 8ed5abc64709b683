// The core functions the panel host uses, gathered in one place so the host's other files do not
// care which core module provides each one. Parts of the core that are not in this build yet fail
// with a clear IpcError instead of being faked.
import type { FileRegistry } from '@bufbuild/protobuf';
import type { Endpoint } from '../../ipc/endpoint';
import { IpcError } from '../../ipc/errors';
import type { ConnectOptions, MetadataEntry, MethodInfo, SchemaSource, ServiceInfo } from '../../ipc/types';
import type { CallHandleLike, CallListenerLike } from './calls';
import type { OwnerFactsLike } from './views';

export { assertReachable, formatTarget, grpcTarget, parseTarget, type Endpoint } from '../../ipc/endpoint';
export { IpcError, isIpcError } from '../../ipc/errors';
export { probeCertificate } from '../../ipc/builder/certificate';

/** Services and types of a server, as the core's schema loaders return them. */
export interface Schema {
  source: SchemaSource;
  registry: FileRegistry;
  services: ServiceInfo[];
}

export type SchemaRequest =
  { kind: 'reflection' } | { kind: 'proto'; files: string[]; importPaths: string[] } | { kind: 'protoset'; file: string };

function unavailable(what: string): IpcError {
  return new IpcError('internal', `${what} is not available in this build.`, 'Update the extension.');
}

export async function loadSchema(request: SchemaRequest, connect: ConnectOptions, deadlineMs: number): Promise<Schema> {
  void request;
  void connect;
  void deadlineMs;
  throw unavailable('Loading schemas');
}

export function findMethod(schema: Schema, name: string): MethodInfo {
  for (const service of schema.services) for (const method of service.methods) if (method.fullName === name) return method;
  throw new IpcError('unknown-method', `There is no method ${name}.`, 'Load the methods again.');
}

export function validateRequestJson(
  schema: Schema,
  typeName: string,
  text: string,
): { ok: true; value: unknown } | { ok: false; issues: Array<{ path: string; message: string }> } {
  void schema;
  void typeName;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, issues: [{ path: '$', message: (error as Error).message }] };
  }
}

export interface CallRequest {
  connect: ConnectOptions;
  schema: Schema;
  method: MethodInfo;
  requests: unknown[];
  metadata?: MetadataEntry[];
  deadlineMs: number;
  retainResponses?: number;
  keepOpen?: boolean;
}

export function startCall(request: CallRequest, listener?: CallListenerLike): CallHandleLike {
  void request;
  void listener;
  throw unavailable('Calling');
}

export async function preflight(endpoint: Endpoint): Promise<void> {
  void endpoint;
}

export function explainGrpcError(error: unknown, endpoint: Endpoint): IpcError {
  void endpoint;
  return error instanceof IpcError ? error : new IpcError('internal', String((error as Error)?.message ?? error));
}

export async function inspectOwner(endpoint: Endpoint): Promise<OwnerFactsLike> {
  return {
    kind: endpoint.kind,
    fileUid: null,
    fileMode: null,
    listener: null,
    unknownReason: 'owner inspection is not available in this build',
  };
}

export function checkExpectedOwner(facts: OwnerFactsLike, expected: string): { ok: true } | { ok: false; message: string } {
  void facts;
  return { ok: false, message: `Cannot check the owner against ${expected} in this build.` };
}

export function supportedTransports(platform: NodeJS.Platform = process.platform): Array<'unix' | 'abstract' | 'pipe' | 'tcp'> {
  return platform === 'win32' ? ['pipe', 'tcp'] : platform === 'linux' ? ['unix', 'abstract', 'tcp'] : ['unix', 'tcp'];
}

export function defaultTransport(platform: NodeJS.Platform = process.platform): 'unix' | 'pipe' {
  return platform === 'win32' ? 'pipe' : 'unix';
}

/** How Node opens named pipes, for the transport indicator. */
export const PIPE_IMPERSONATION = 'Impersonation (Node cannot ask for less)';

/** Listening sockets found by discovery, as target strings. */
export async function listSocketTargets(): Promise<string[]> {
  throw unavailable('Socket discovery');
}
