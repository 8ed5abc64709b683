// The core functions the panel host uses, gathered in one place so the host's other files do not
// care which core module provides each one. Parts of the core that are not in this build yet fail
// with a clear IpcError instead of being faked.
import { IpcError } from '../../ipc/errors';

export { assertReachable, formatTarget, grpcTarget, parseTarget, type Endpoint } from '../../ipc/endpoint';
export { IpcError, isIpcError } from '../../ipc/errors';
export { probeCertificate } from '../../ipc/builder/certificate';
export { findMethod, loadSchema, type Schema, type SchemaRequest } from '../../ipc/schema/schema';
export { explainGrpcError, preflight } from '../../ipc/connection';
export { validateRequestJson } from '../../ipc/json/codec';
export { startCall, type CallRequest } from '../../ipc/call/invoke';
export { checkExpectedOwner, inspectOwner } from '../../ipc/owner';

function unavailable(what: string): IpcError {
  return new IpcError('internal', `${what} is not available in this build.`, 'Update the extension.');
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
