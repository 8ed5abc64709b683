// A listening Unix socket that is owner-only from the moment it exists, and that never removes a path
// it does not own. grpc-js binds paths itself, with neither guarantee, so the demo server listens here
// and hands each connection to grpc-js.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { removeOwnSocket, sameIdentity, socketIdentity } from './socketFile';

/** Connections the kernel queues before they are accepted (Node's default is 511); capped by net.core.somaxconn. */
const BACKLOG = 4096;

/** A listening socket file; close() stops listening and removes the file only if it is still ours. */
export interface UnixListener {
  close(): void;
}

/**
 * Listens on `socketPath` with the umask set to 0177 around bind(), which Node makes synchronously
 * inside listen(), so the socket is created 0600 and no other user can connect between bind and chmod.
 */
export async function listenOwnerOnly(socketPath: string, onConnection: (socket: net.Socket) => void): Promise<UnixListener> {
  const server = net.createServer(onConnection);
  const listening = new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const previous = setUmask(0o177);
  try {
    server.listen({ path: socketPath, backlog: BACKLOG });
  } finally {
    if (previous !== undefined) setUmask(previous);
  }
  await listening;
  if (previous === undefined) fs.chmodSync(socketPath, 0o600); // no umask here (a worker thread)
  const identity = socketIdentity(socketPath);
  return {
    close() {
      // Node unlinks the bound path when the listener closes, whatever is there by then: a file put where
      // our socket was deleted, or the socket of a server started after ours. Such a file is linked aside
      // first and linked back right after, so it keeps its name, inode and content.
      const foreign = sameIdentity(socketIdentity(socketPath), identity) ? undefined : setAside(socketPath);
      server.close();
      foreign?.restore();
      removeOwnSocket(socketPath, identity);
    },
  };
}

function setUmask(mask: number): number | undefined {
  try {
    return process.umask(mask);
  } catch {
    return undefined;
  }
}

/** Keeps a second name for the file at `socketPath` in a private folder beside it, to put it back with. */
function setAside(socketPath: string): { restore(): void } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch {
    return undefined; // nothing there to protect
  }
  if (stat.isDirectory()) return undefined; // unlink cannot remove a folder
  const folder = fs.mkdtempSync(path.join(path.dirname(socketPath), '.grpc-ipc-keep-'));
  const kept = path.join(folder, 'kept');
  fs.linkSync(socketPath, kept);
  return {
    restore() {
      try {
        if (!fs.existsSync(socketPath)) fs.linkSync(kept, socketPath);
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
