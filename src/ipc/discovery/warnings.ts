// Why an endpoint might not be safe to call, or not what it seems. Facts only, never guesses.
import { statSync } from 'node:fs';
import type { SocketFileFacts } from './scan';
import type { DiscoveryWarning } from './types';
import { userName } from './users';

const S_ISVTX = 0o1000;
/** Read once: discovery asks for it per socket. */
const MY_UID = process.getuid?.();

/** Adds the warnings a socket file's owner and mode, and its directory's mode, call for. */
export function addSocketFileWarnings(
  warnings: DiscoveryWarning[],
  socketPath: string,
  stat: SocketFileFacts,
  dirModes: Map<string, number | null>,
  myUid: number | undefined = MY_UID,
): void {
  const mode = stat.mode & 0o7777;
  if (mode & 0o002)
    warnings.push({ code: 'world-writable', message: `Any local user can connect: the socket is world-writable (${formatMode(mode)}).` });
  if (myUid !== undefined && stat.uid !== myUid)
    warnings.push({
      code: 'other-user-owner',
      message: `The socket file belongs to ${describeUid(stat.uid)}, not to you (${describeUid(myUid)}).`,
    });
  const dir = parentDir(socketPath);
  const dirMode = directoryMode(dir, dirModes);
  if (dirMode !== null && dirMode & 0o002 && !(dirMode & S_ISVTX))
    warnings.push({
      code: 'insecure-directory',
      message: `${dir} is world-writable without the sticky bit (${formatMode(dirMode & 0o7777)}): any user can replace this socket.`,
    });
}

/** The listening process runs as another user than the one owning the socket file. */
export function listenerUidWarning(processUid: number, fileUid: number): DiscoveryWarning {
  return {
    code: 'listener-uid-mismatch',
    message: `The listening process runs as ${describeUid(processUid)}, but the socket file belongs to ${describeUid(fileUid)}.`,
  };
}

/** path.dirname for the paths sockets have (no trailing slash), at a fraction of its cost in a cold process. */
function parentDir(socketPath: string): string {
  const slash = socketPath.lastIndexOf('/');
  return slash > 0 ? socketPath.slice(0, slash) : slash === 0 ? '/' : '.';
}

/** The warning every abstract socket carries. */
export function abstractWarning(): DiscoveryWarning {
  return {
    code: 'abstract-no-permissions',
    message: 'Abstract socket: no file permissions protect it, so any process in this network namespace can connect.',
  };
}

function directoryMode(dir: string, cache: Map<string, number | null>): number | null {
  let mode = cache.get(dir);
  if (mode === undefined) {
    try {
      mode = statSync(dir).mode;
    } catch {
      mode = null;
    }
    cache.set(dir, mode);
  }
  return mode;
}

const MODE_TEXT = new Map<number, string>();

/** "0755" style. Cached: a thousand sockets share a handful of modes. */
export function formatMode(mode: number): string {
  const bits = mode & 0o7777;
  let text = MODE_TEXT.get(bits);
  if (text === undefined) MODE_TEXT.set(bits, (text = bits.toString(8).padStart(4, '0')));
  return text;
}

export function describeUid(uid: number): string {
  const name = userName(uid);
  return name ? `${name} (uid ${uid})` : `uid ${uid}`;
}
