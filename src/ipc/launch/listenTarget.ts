// Before a start: is the target free, a stale socket file from an earlier run, or someone's live
// server? After a start: does it listen yet?
import * as fs from 'node:fs';
import * as net from 'node:net';
import { grpcTarget, pipePath, type Endpoint } from '../endpoint';

/** The listener found on a socket, as far as it can be seen. */
export interface ListenerSeen {
  pid: number | null;
  command: string | null;
}

/** Looks up the listener of a socket path or '@abstract' name (discovery's findUnixListener on Linux). */
export type FindListener = (pathOrAbstract: string) => Promise<ListenerSeen | undefined>;

/** What is at a target before we start a server on it. */
export type ListenTargetState =
  | { kind: 'free' }
  | { kind: 'stale'; path: string }
  | { kind: 'in-use'; listener: ListenerSeen | null }
  | { kind: 'blocked'; message: string };

export async function inspectListenTarget(endpoint: Endpoint, findListener: FindListener): Promise<ListenTargetState> {
  switch (endpoint.kind) {
    case 'unix': {
      let stat: fs.Stats;
      try {
        stat = await fs.promises.lstat(endpoint.path);
      } catch {
        return { kind: 'free' };
      }
      if (!stat.isSocket()) return { kind: 'blocked', message: `${endpoint.path} exists and is not a socket.` };
      const listener = await findListener(endpoint.path);
      return listener ? { kind: 'in-use', listener } : { kind: 'stale', path: endpoint.path };
    }
    case 'abstract': {
      const listener = await findListener(`@${endpoint.name}`);
      return listener ? { kind: 'in-use', listener } : { kind: 'free' };
    }
    case 'pipe':
    case 'tcp':
      return (await isListening(endpoint, findListener)) ? { kind: 'in-use', listener: null } : { kind: 'free' };
  }
}

/** Whether something listens on the endpoint now. Unix sockets are checked without connecting. */
export async function isListening(endpoint: Endpoint, findListener: FindListener): Promise<boolean> {
  switch (endpoint.kind) {
    case 'unix':
      return (await findListener(endpoint.path)) !== undefined;
    case 'abstract':
      return (await findListener(`@${endpoint.name}`)) !== undefined;
    case 'pipe': {
      // Listing \\.\pipe\ does not open the pipe; connecting would use up a server instance.
      try {
        return fs.readdirSync('\\\\.\\pipe\\').includes(endpoint.name);
      } catch {
        return connects(pipePath(endpoint.name));
      }
    }
    case 'tcp':
      return connects({ host: endpoint.host, port: endpoint.port });
  }
}

/**
 * A FindListener that connects, for systems without /proc (macOS). It cannot name the process.
 * Abstract names are reached through grpcTarget's NUL form.
 */
export const findListenerByConnect: FindListener = async (pathOrAbstract) => {
  const address = pathOrAbstract.startsWith('@')
    ? grpcTarget({ kind: 'abstract', name: pathOrAbstract.slice(1) }).slice('unix:'.length)
    : pathOrAbstract;
  return (await connects(address)) ? { pid: null, command: null } : undefined;
};

function connects(address: string | { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = typeof address === 'string' ? net.connect(address) : net.connect(address.port, address.host);
    socket.setTimeout(1000);
    const finish = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

/** Says who holds a target, for a refusal message. */
export function describeListener(listener: ListenerSeen | null): string {
  if (!listener || listener.pid === null) return 'another process';
  return `pid ${listener.pid}${listener.command ? ` (${listener.command})` : ''}`;
}
