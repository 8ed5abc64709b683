// The core functions the panel host uses, gathered in one place so the host's other files do not
// care which core module provides each one.
import { discover } from '../../ipc/discovery/discover';
import { PIPE_CLIENT_IMPERSONATION } from '../../ipc/pipes';

export { assertReachable, formatTarget, grpcTarget, parseTarget, type Endpoint } from '../../ipc/endpoint';
export { IpcError, isIpcError } from '../../ipc/errors';
export { probeCertificate } from '../../ipc/builder/certificate';
export { findMethod, loadSchema, type Schema, type SchemaRequest } from '../../ipc/schema/schema';
export { explainGrpcError, preflight } from '../../ipc/connection';
export { validateRequestJson } from '../../ipc/json/codec';
export { startCall, type CallRequest } from '../../ipc/call/invoke';
export { checkExpectedOwner, inspectOwner } from '../../ipc/owner';
export { defaultTransport, supportedTransports } from '../../ipc/platform';

/** How Node opens named pipes, for the transport indicator. */
export const PIPE_IMPERSONATION = `${PIPE_CLIENT_IMPERSONATION.level}: ${PIPE_CLIENT_IMPERSONATION.reason}`;

/** Paths of listening Unix socket files found by discovery, for the socket picker. */
export async function listSocketPaths(): Promise<string[]> {
  const endpoints = await discover({ probe: false });
  return endpoints.filter((endpoint) => endpoint.kind === 'unix' && endpoint.listening && !endpoint.stale).map((endpoint) => endpoint.path);
}
