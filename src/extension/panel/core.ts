// The core functions the panel host uses, gathered in one place so the host's other files do not
// care which core module provides each one. Parts of the core that are not in this build yet fail
// with a clear IpcError instead of being faked.
import type { Endpoint } from '../../ipc/endpoint';
import type { Schema } from '../../ipc/schema/schema';
import { IpcError } from '../../ipc/errors';
import type { ConnectOptions, MetadataEntry, MethodInfo } from '../../ipc/types';
import type { CallHandleLike, CallListenerLike } from './calls';
import type { OwnerFactsLike } from './views';

export { assertReachable, formatTarget, grpcTarget, parseTarget, type Endpoint } from '../../ipc/endpoint';
export { IpcError, isIpcError } from '../../ipc/errors';
export { probeCertificate } from '../../ipc/builder/certificate';

export { findMethod, loadSchema, type Schema, type SchemaRequest } from '../../ipc/schema/schema';
export { explainGrpcError, preflight } from '../../ipc/connection';

function unavailable(what: string): IpcError {
  return new IpcError('internal', `${what} is not available in this build.`, 'Update the extension.');
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
