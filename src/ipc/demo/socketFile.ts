// What a server must do with a socket path before binding it and after closing it.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { IpcError } from '../errors';

/** What is at a socket path right now. */
export type SocketPathState =
  | { kind: 'free' }
  | { kind: 'stale' }
  | { kind: 'listening' }
  | { kind: 'not-a-socket'; what: string }
  | { kind: 'unreachable'; reason: string };

function describeFile(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a regular file';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  return 'not a socket';
}

/** Connects once to learn whether someone listens: ECONNREFUSED on a socket file means stale. */
function probe(socketPath: string): Promise<SocketPathState> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve({ kind: 'listening' });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve({ kind: 'stale' });
      else if (error.code === 'ENOENT') resolve({ kind: 'free' });
      else resolve({ kind: 'unreachable', reason: error.code ?? error.message });
    });
  });
}

/** Looks at a socket path without changing anything. */
export async function inspectSocketPath(socketPath: string): Promise<SocketPathState> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'free' };
    return { kind: 'unreachable', reason: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  if (!stat.isSocket()) return { kind: 'not-a-socket', what: describeFile(stat) };
  return probe(socketPath);
}

/** Creates a missing socket folder (owner-only); refuses a path whose folder is a file or cannot be made. */
function prepareFolder(parent: string): void {
  let code: string | undefined;
  try {
    if (!fs.existsSync(parent)) fs.mkdirSync(parent, { recursive: true, mode: 0o700 });
    else if (!fs.statSync(parent).isDirectory()) code = 'ENOTDIR';
  } catch (error) {
    code = (error as NodeJS.ErrnoException).code ?? String(error);
  }
  if (code === undefined) return;
  throw new IpcError(
    code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'bad-target',
    code === 'ENOTDIR'
      ? `Cannot make a socket in ${parent}: part of that path is a file, not a folder.`
      : `Cannot create the socket folder ${parent} (${code}).`,
    'Choose a socket path in a folder you can write to with {listen}.',
  );
}

/**
 * Makes a socket path ready to bind: creates a missing parent folder (owner-only), removes a stale
 * socket file, and refuses when a server already listens there or the path is some other file.
 */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  prepareFolder(path.dirname(socketPath));
  const state = await inspectSocketPath(socketPath);
  switch (state.kind) {
    case 'free':
      return;
    case 'stale':
      // Nobody answers on it, so it was left behind by a server that died; binding would fail with EADDRINUSE.
      fs.unlinkSync(socketPath);
      return;
    case 'listening':
      throw new IpcError(
        'address-in-use',
        `Another server is already listening on ${socketPath}.`,
        'Stop that server, or choose another path with {listen} unix:/path/to/other.sock.',
      );
    case 'not-a-socket':
      throw new IpcError(
        'not-a-socket',
        `${socketPath} exists and is ${state.what}, not a socket; it was left alone.`,
        'Remove it yourself if it is not needed, or choose another path.',
      );
    case 'unreachable':
      throw new IpcError(
        state.reason === 'EACCES' ? 'permission-denied' : 'address-in-use',
        `Cannot check the existing socket ${socketPath} (${state.reason}).`,
        'Check the permissions of the socket and its folder, or choose another path.',
      );
  }
}

/** Who a socket file is: device, inode and change time, which together tell our file from a successor. */
export interface SocketIdentity {
  dev: bigint;
  ino: bigint;
  ctimeNs: bigint;
}

/** The identity of the file at a path, or undefined when there is none. */
export function socketIdentity(socketPath: string): SocketIdentity | undefined {
  try {
    const stat = fs.lstatSync(socketPath, { bigint: true });
    return { dev: stat.dev, ino: stat.ino, ctimeNs: stat.ctimeNs };
  } catch {
    return undefined;
  }
}

export function sameIdentity(a: SocketIdentity | undefined, b: SocketIdentity | undefined): boolean {
  return !!a && !!b && a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs;
}

/**
 * Removes the socket file only if it is still the one we bound: same device, inode and change
 * time (a freed inode is reused at once, so the inode alone cannot tell), checked right before unlinking.
 */
export function removeOwnSocket(socketPath: string, identity: SocketIdentity | undefined): void {
  try {
    const stat = fs.lstatSync(socketPath);
    if (!stat.isSocket() || !sameIdentity(socketIdentity(socketPath), identity)) return;
    fs.unlinkSync(socketPath);
  } catch {
    // Already gone.
  }
}
