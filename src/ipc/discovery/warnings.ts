// Why an endpoint might not be safe to call, or not what it seems. Facts only, never guesses.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SocketFileFacts } from './scan';
import type { DiscoveryWarning } from './types';
import { userName } from './users';

const S_ISVTX = 0o1000;
/** Read once: discovery asks for it per socket. */
const MY_UID = process.getuid?.();

/** Warnings from a socket file's owner and mode, its directory, and the listener's uid. */
export function socketFileWarnings(
  socketPath: string,
  stat: SocketFileFacts,
  processUid: number | null,
  dirModes: Map<string, number | null>,
  myUid: number | undefined = MY_UID,
): DiscoveryWarning[] {
  const warnings: DiscoveryWarning[] = [];
  const mode = stat.mode & 0o7777;
  if (mode & 0o002)
    warnings.push({ code: 'world-writable', message: `Any local user can connect: the socket is world-writable (${formatMode(mode)}).` });
  if (myUid !== undefined && stat.uid !== myUid)
    warnings.push({
      code: 'other-user-owner',
      message: `The socket file belongs to ${describeUid(stat.uid)}, not to you (${describeUid(myUid)}).`,
    });
  if (processUid !== null && processUid !== stat.uid)
    warnings.push({
      code: 'listener-uid-mismatch',
      message: `The listening process runs as ${describeUid(processUid)}, but the socket file belongs to ${describeUid(stat.uid)}.`,
    });
  const dir = path.dirname(socketPath);
  const dirMode = directoryMode(dir, dirModes);
  if (dirMode !== null && dirMode & 0o002 && !(dirMode & S_ISVTX))
    warnings.push({
      code: 'insecure-directory',
      message: `${dir} is world-writable without the sticky bit (${formatMode(dirMode & 0o7777)}): any user can replace this socket.`,
    });
  return warnings;
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
      mode = fs.statSync(dir).mode;
    } catch {
      mode = null;
    }
    cache.set(dir, mode);
  }
  return mode;
}

/** "0755" style. */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}

export function describeUid(uid: number): string {
  const name = userName(uid);
  return name ? `${name} (uid ${uid})` : `uid ${uid}`;
}
