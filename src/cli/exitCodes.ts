// Exit codes of the CLI, chosen so that scripts can branch on them:
//   0       the call ended OK
//   1       something unexpected went wrong (a bug, or an error we do not classify)
//   2       the command line or its input is wrong and nothing was sent: bad flags, bad target, request
//           JSON that does not fit the message, an unknown method, a schema that does not load
//   64 + N  the call ended with gRPC status N (like grpcurl), and failures that grpc-js itself would
//           report as a status: cannot connect / not gRPC / TLS or pin failure → 64+14 (UNAVAILABLE),
//           no answer within the deadline → 64+4, message over the size limit → 64+8, no reflection
//           service → 64+12, socket owner is not the expected one (--expect-owner) → 64+7 (PERMISSION_DENIED)
// The status enum alone, not grpc-js's index: main.ts imports this file and must start without grpc-js.
import { Status } from '@grpc/grpc-js/build/src/constants';
import { isIpcError, type IpcErrorCode } from '../ipc/errors';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
const STATUS_BASE = 64;

/** The exit code for a call that ended with a gRPC status. */
export function exitForStatus(code: number): number {
  return code === Status.OK ? EXIT_OK : STATUS_BASE + code;
}

const statusForError: Partial<Record<IpcErrorCode, Status>> = {
  'socket-missing': Status.UNAVAILABLE,
  'socket-stale': Status.UNAVAILABLE,
  'not-a-socket': Status.UNAVAILABLE,
  'permission-denied': Status.UNAVAILABLE,
  'server-busy': Status.UNAVAILABLE,
  'not-grpc': Status.UNAVAILABLE,
  'abstract-needs-node22': Status.UNAVAILABLE,
  tls: Status.UNAVAILABLE,
  'pin-mismatch': Status.UNAVAILABLE,
  deadline: Status.DEADLINE_EXCEEDED,
  'message-too-large': Status.RESOURCE_EXHAUSTED,
  'reflection-unavailable': Status.UNIMPLEMENTED,
  'owner-mismatch': Status.PERMISSION_DENIED,
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

/** Whether the error is the user's input being wrong (exit 2), before anything was sent. */
export function isUsageError(error: unknown): boolean {
  return isIpcError(error) && usageErrors.has(error.code);
}

/** The exit code for an error thrown instead of a status. */
export function exitForError(error: unknown): number {
  if (!isIpcError(error)) return EXIT_FAILURE;
  if (isUsageError(error)) return EXIT_USAGE;
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
