// The endpoint records discovery reports. Each is built as one literal in the documented key order
// (ENDPOINT_KEYS), so JSON.stringify prints exactly those keys without a key list.
import { nodeMajor, pipePath } from '../endpoint';
import type { UnixListener } from './listeners';
import { SUN_PATH_BYTES } from './procNetUnix';
import type { SocketFileFacts } from './scan';
import type { DiscoveredEndpoint, DiscoveryWarning } from './types';
import { userName } from './users';
import { abstractWarning, addSocketFileWarnings, formatMode, listenerUidWarning } from './warnings';

const SLASH = 47;

/** What is known of a socket's listening process. */
export type ListenerFacts = Pick<UnixListener, 'pid' | 'command' | 'processUid' | 'unknownReason'>;

/**
 * The record for a socket file, before anything is known of its listener (see withListener). Discovery
 * builds these while the kernel tables are still being read.
 */
export function socketFileEndpoint(
  socketPath: string,
  stat: SocketFileFacts | null,
  dirModes: Map<string, number | null>,
  symlinkTarget?: string,
): DiscoveredEndpoint {
  const warnings: DiscoveryWarning[] = [];
  if (symlinkTarget) warnings.push({ code: 'symlink-to-socket', message: `${socketPath} is a symlink to the socket ${symlinkTarget}.` });
  if (stat) addSocketFileWarnings(warnings, socketPath, stat, dirModes);
  if (socketPath.charCodeAt(0) !== SLASH)
    warnings.push({ code: 'relative-bind-path', message: 'The server bound a relative path, so the folder it lives in is unknown.' });
  return {
    kind: 'unix',
    address: `unix:${socketPath}`,
    path: socketPath,
    // Not path.basename: this runs per socket in a cold process, where slicing is several times cheaper.
    name: socketPath.slice(socketPath.lastIndexOf('/') + 1),
    listening: false,
    stale: false,
    uid: stat ? stat.uid : null,
    user: stat ? userName(stat.uid) : null,
    mode: stat ? formatMode(stat.mode) : null,
    pid: null,
    command: null,
    processUid: null,
    warnings,
    grpc: null,
  };
}

/** Fills in the process listening on a socket file's endpoint, with the warnings that depend on it. */
export function withListener(endpoint: DiscoveredEndpoint, listener: ListenerFacts, stat: SocketFileFacts | null): DiscoveredEndpoint {
  endpoint.listening = true;
  endpoint.pid = listener.pid;
  endpoint.command = listener.command;
  endpoint.processUid = listener.processUid;
  if (stat && listener.processUid !== null && listener.processUid !== stat.uid)
    endpoint.warnings.push(listenerUidWarning(listener.processUid, stat.uid));
  if (!stat)
    endpoint.warnings.push({
      code: 'socket-file-missing',
      message: 'A process listens under this name, but the socket file was deleted or replaced; connecting by path will not reach it.',
    });
  if (listener.pid === null && listener.unknownReason)
    endpoint.warnings.push({ code: 'owner-unknown', message: `Listener ${listener.unknownReason}.` });
  return endpoint;
}

/** The record for an abstract listener; Node < 22's NUL padding is stripped from the name. */
export function abstractEndpoint(listener: UnixListener, nodeVersion: string = process.versions.node): DiscoveredEndpoint {
  let name = listener.path.slice(1);
  const warnings: DiscoveryWarning[] = [abstractWarning()];
  const padded = listener.path.length === SUN_PATH_BYTES && name.endsWith('@');
  if (padded) {
    name = name.replace(/@+$/, '');
    warnings.push({
      code: 'abstract-padded-name',
      message: 'The name is padded with NULs to 108 bytes, as Node < 22 binds it; only clients that pad the same way (Node < 22) reach it.',
    });
  } else if (nodeMajor(nodeVersion) < 22) {
    warnings.push({
      code: 'abstract-needs-node22',
      message: `Abstract sockets need Node ≥ 22 (VS Code ≥ 1.101) to connect; this runtime is Node ${nodeVersion}.`,
    });
  }
  if (listener.pid === null && listener.unknownReason)
    warnings.push({ code: 'owner-unknown', message: `Listener ${listener.unknownReason}.` });
  return {
    kind: 'abstract',
    address: `unix-abstract:${name}`,
    path: `@${name}`,
    name,
    listening: true,
    stale: false,
    uid: null,
    user: null,
    mode: null,
    pid: listener.pid,
    command: listener.command,
    processUid: listener.processUid,
    warnings,
    grpc: null,
  };
}

/** The record for a named pipe; who serves it is filled in later, where it can be found out. */
export function pipeEndpoint(name: string): DiscoveredEndpoint {
  return {
    kind: 'pipe',
    address: `npipe:${name}`,
    path: pipePath(name),
    name,
    listening: true,
    stale: false,
    uid: null,
    user: null,
    mode: null,
    pid: null,
    command: null,
    processUid: null,
    warnings: [],
    grpc: null,
  };
}
