// The socket picker's list: discovery's listening socket files, filtered like the tree.
import { discover, isKnownSystemSocket } from '../../ipc/discovery/discover';
import type { DiscoveredEndpoint } from '../../ipc/discovery/types';

/**
 * Listening Unix socket files for the socket picker, with the tree's filter: no well-known system or
 * editor sockets, and probes only where the owner policy allows. `grpc` lists the ones that answered gRPC.
 */
export async function listSocketPaths(options: {
  directories: string[];
  workspaceFolders: string[];
  probe: boolean;
  probeTimeoutMs: number;
  mayProbe?: (endpoint: DiscoveredEndpoint) => boolean;
}): Promise<{ sockets: string[]; grpc: string[] }> {
  const endpoints = (
    await discover({
      dirs: options.directories,
      workspaceFolders: options.workspaceFolders,
      probe: options.probe,
      probeDeadlineMs: options.probeTimeoutMs,
      mayProbe: options.mayProbe,
    })
  ).filter((endpoint) => endpoint.kind === 'unix' && endpoint.listening && !endpoint.stale && !isKnownSystemSocket(endpoint.path));
  return {
    sockets: endpoints.map((endpoint) => endpoint.path),
    grpc: endpoints.filter((endpoint) => endpoint.grpc).map((endpoint) => endpoint.path),
  };
}
