// The core functions the panel host uses, gathered in one place so the host's other files do not
// care which core module provides each one. Those that need grpc-js or protobuf load on first use,
// so that opening VS Code (which activates the extension) never pays for them.
import { PIPE_CLIENT_IMPERSONATION } from '../../ipc/pipes';

export { assertReachable, formatTarget, grpcTarget, parseTarget, type Endpoint } from '../../ipc/endpoint';
export { IpcError, isIpcError } from '../../ipc/errors';
export { defaultTransport, supportedTransports } from '../../ipc/platform';
export type { Schema } from '../../ipc/schema/schema';
export type { CallRequest } from '../../ipc/call/invoke';

type Heavy = typeof import('./heavy');

// A require() inside a function is bundled as a module that runs on its first call, not at load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const heavy = (): Heavy => require('./heavy');

export const probeCertificate: Heavy['probeCertificate'] = (...args) => heavy().probeCertificate(...args);
export const findMethod: Heavy['findMethod'] = (...args) => heavy().findMethod(...args);
export const loadSchema: Heavy['loadSchema'] = (...args) => heavy().loadSchema(...args);
export const explainGrpcError: Heavy['explainGrpcError'] = (...args) => heavy().explainGrpcError(...args);
export const preflight: Heavy['preflight'] = (...args) => heavy().preflight(...args);
export const validateRequestJson: Heavy['validateRequestJson'] = (...args) => heavy().validateRequestJson(...args);
export const startCall: Heavy['startCall'] = (...args) => heavy().startCall(...args);
export const checkExpectedOwner: Heavy['checkExpectedOwner'] = (...args) => heavy().checkExpectedOwner(...args);
export const inspectOwner: Heavy['inspectOwner'] = (...args) => heavy().inspectOwner(...args);

/** How Node opens named pipes, for the transport indicator. */
export const PIPE_IMPERSONATION = `${PIPE_CLIENT_IMPERSONATION.level}: ${PIPE_CLIENT_IMPERSONATION.reason}`;

/** Paths of listening Unix socket files found by discovery, for the socket picker. */
export async function listSocketPaths(): Promise<string[]> {
  const endpoints = await heavy().discover({ probe: false });
  return endpoints.filter((endpoint) => endpoint.kind === 'unix' && endpoint.listening && !endpoint.stale).map((endpoint) => endpoint.path);
}
