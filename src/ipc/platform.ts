// Which transports each operating system can reach from Node, and which one to offer first.
// Mirrors the OS switch in the .NET interprocess-communication docs: Unix sockets on Linux and macOS,
// named pipes on Windows.

import type { TransportKind as Transport } from '../shared/types';

/**
 * The transports Node can connect to on this platform, local ones first.
 * Windows has AF_UNIX sockets, but libuv's pipe handle on Windows opens every path as a named pipe,
 * so Node (and grpc-js through it) cannot reach them; they are left out rather than offered and failing.
 */
export function supportedTransports(platform: NodeJS.Platform = process.platform): Transport[] {
  switch (platform) {
    case 'win32':
      return ['pipe', 'tcp'];
    case 'linux':
    case 'android':
      return ['unix', 'abstract', 'tcp'];
    default:
      return ['unix', 'tcp'];
  }
}

/** The local transport to suggest for a new endpoint: a named pipe on Windows, a Unix socket elsewhere. */
export function defaultTransport(platform: NodeJS.Platform = process.platform): 'unix' | 'pipe' {
  return platform === 'win32' ? 'pipe' : 'unix';
}
