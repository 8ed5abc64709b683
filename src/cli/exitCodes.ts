// Exit codes of the CLI, chosen so that scripts can branch on them:
//   0       the call ended OK
//   1       something unexpected went wrong (a bug, or an error we do not classify)
//   2       the command line or its input is wrong and nothing was sent: bad flags, bad target, request
//           JSON that does not fit the message, an unknown method, a schema that does not load
//   64 + N  the call ended with gRPC status N (like grpcurl), and failures that grpc-js itself would
//           report as a status: cannot connect / not gRPC / TLS or pin failure → 64+14 (UNAVAILABLE),
//           no answer within the deadline → 64+4, message over the size limit → 64+8, no reflection
//           service → 64+12, socket owner is not the expected one (--expect-owner) → 64+7 (PERMISSION_DENIED)
import * as grpc from '@grpc/grpc-js';
import { isIpcError, type IpcErrorCode } from '../ipc/errors';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
const STATUS_BASE = 64;

/** The exit code for a call that ended with a gRPC status. */
export function exitForStatus(code: number): number {
  return code === grpc.status.OK ? EXIT_OK : STATUS_BASE + code;
}

const statusForError: Partial<Record<IpcErrorCode, grpc.status>> = {
  'socket-missing': grpc.status.UNAVAILABLE,
  'socket-stale': grpc.status.UNAVAILABLE,
  'not-a-socket': grpc.status.UNAVAILABLE,
  'permission-denied': grpc.status.UNAVAILABLE,
  'not-grpc': grpc.status.UNAVAILABLE,
  'abstract-needs-node22': grpc.status.UNAVAILABLE,
  tls: grpc.status.UNAVAILABLE,
  'pin-mismatch': grpc.status.UNAVAILABLE,
  deadline: grpc.status.DEADLINE_EXCEEDED,
  'message-too-large': grpc.status.RESOURCE_EXHAUSTED,
  'reflection-unavailable': grpc.status.UNIMPLEMENTED,
  'owner-mismatch': grpc.status.PERMISSION_DENIED,
};

const usageErrors = new Set<IpcErrorCode>([
  'usage',
  'bad-target',
  'path-too-long',
  'pipe-not-supported',
  'bad-request-json',
  'unresolved-variable',
  'unknown-method',
  'schema',
]);

/** The exit code for an error thrown instead of a status. */
export function exitForError(error: unknown): number {
  if (!isIpcError(error)) return EXIT_FAILURE;
  if (usageErrors.has(error.code)) return EXIT_USAGE;
  const status = statusForError[error.code];
  return status === undefined ? EXIT_FAILURE : exitForStatus(status);
}

/** The exit-code table as help text. */
export const EXIT_CODES_HELP = `Exit codes:
  0        OK
  2        bad flags, target, request JSON, method or schema; nothing was sent
  64+N     the call ended with gRPC status N (e.g. 69 NOT_FOUND, 78 UNAVAILABLE)
           also: cannot connect, not gRPC, TLS/pin failure 78; no answer in time 68;
           message too large 72; no reflection 76; --expect-owner mismatch 71
  1        anything else (unexpected errors)`;
