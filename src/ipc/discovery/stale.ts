// Telling a stale socket file (nobody listening) from a live one, and removing it on request only.
import * as fs from 'node:fs';
import * as net from 'node:net';
import { IpcError } from '../errors';

/** What a connect attempt says about a socket file. */
export type ConnectCheck = 'listening' | 'refused' | 'missing' | 'denied' | 'unknown';

/** Connects and hangs up at once. A full backlog shows as a timeout, which still means someone listens. */
export function checkConnect(socketPath: string, timeoutMs = 250): Promise<ConnectCheck> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    const done = (result: ConnectCheck) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done('listening'), timeoutMs);
    socket.once('connect', () => done('listening'));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      switch (error.code) {
        case 'ECONNREFUSED':
          return done('refused');
        case 'ENOENT':
          return done('missing');
        case 'EACCES':
        case 'EPERM':
          return done('denied');
        default:
          return done('unknown');
      }
    });
  });
}

/**
 * Removes a stale socket file after checking, right before the unlink, that it is still a socket
 * (not a symlink or anything else), that nobody accepts connections on it, and that it was not
 * replaced meanwhile. Callers ask the user first; discovery never calls this by itself.
 */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  const before = lstatSocket(socketPath);
  const check = await checkConnect(socketPath);
  if (check === 'listening')
    throw new IpcError(
      'usage',
      `${socketPath} is not stale: a process accepts connections on it. Nothing was removed.`,
      'Stop the server first if you want the file gone.',
    );
  if (check === 'denied')
    throw new IpcError(
      'permission-denied',
      `Cannot check ${socketPath}: permission denied. Nothing was removed.`,
      'Run as the socket owner.',
    );
  if (check === 'unknown') throw new IpcError('internal', `Could not tell whether ${socketPath} is stale. Nothing was removed.`);
  // A freed inode is reused at once (ext4), so a socket deleted and bound again keeps dev and ino: the
  // change time tells them apart. Checked last, right before the unlink.
  if (!sameFile(before, lstatSocket(socketPath)))
    throw new IpcError('usage', `${socketPath} was replaced while it was being checked. Nothing was removed.`, 'Run discovery again.');
  try {
    fs.unlinkSync(socketPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return; // someone else removed it
    if (code === 'EACCES' || code === 'EPERM')
      throw new IpcError('permission-denied', `Cannot remove ${socketPath}: permission denied.`, 'Remove it as its owner, or with sudo.');
    throw error;
  }
}

function sameFile(a: fs.BigIntStats, b: fs.BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs;
}

function lstatSocket(socketPath: string): fs.BigIntStats {
  let stat: fs.BigIntStats;
  try {
    stat = fs.lstatSync(socketPath, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new IpcError('socket-missing', `${socketPath} does not exist.`, 'Run discovery again.');
    throw new IpcError('permission-denied', `Cannot look at ${socketPath}: ${(error as Error).message}`);
  }
  if (!stat.isSocket())
    throw new IpcError(
      'not-a-socket',
      `${socketPath} is not a socket file${stat.isSymbolicLink() ? ' (it is a symlink)' : ''}. Nothing was removed.`,
      'Only stale socket files can be removed this way.',
    );
  return stat;
}
