// The one door from the extension to the core modules that pull in grpc-js, protobuf and /proc
// scanning. Every function loads its module on first use with `await import()`, so activation
// stays cheap; nothing else under src/extension imports those modules at the top level.
import type { ConnectOptions } from '../ipc/types';

/** One endpoint as discovery reports it (the discovery contract). */
export interface DiscoveredEndpoint {
  kind: 'unix' | 'abstract' | 'pipe' | 'tcp';
  /** Target string, e.g. `unix:/run/app.sock`. */
  address: string;
  path: string | null;
  name: string | null;
  listening: boolean;
  stale: boolean;
  uid: number | null;
  user: string | null;
  mode: string | null;
  pid: number | null;
  command: string | null;
  processUid: number | null;
  warnings: { code: string; message: string }[];
  grpc: { reflection: 'v1' | 'v1alpha' | null; services: string[]; health: 'SERVING' | 'NOT_SERVING' | 'UNIMPLEMENTED' | 'UNKNOWN' } | null;
}

/** What the explorer asks discovery to look at. */
export interface DiscoveryRequest {
  directories: string[];
  /** Scanned deeper than `directories` (bounded, skipping node_modules and .git). */
  workspaceFolders?: string[];
  probe: boolean;
  probeTimeoutMs: number;
}

/** A loaded schema (services plus the type registry the request builder needs). */
export type { Schema } from '../ipc/schema/schema';
import type { Schema } from '../ipc/schema/schema';

/** The listener bound to a socket path or '@abstract' name. */
export interface ListenerFacts {
  pid: number | null;
  command: string | null;
  processUid: number | null;
}

function discoverOptions(request: DiscoveryRequest) {
  return { dirs: request.directories, workspaceFolders: request.workspaceFolders, probe: request.probe, probeDeadlineMs: request.probeTimeoutMs };
}

export async function discoverEndpoints(request: DiscoveryRequest, onUpdate?: (endpoint: DiscoveredEndpoint) => void): Promise<DiscoveredEndpoint[]> {
  const { discover } = await import('../ipc/discovery/discover');
  return discover(discoverOptions(request), onUpdate);
}

export async function watchDiscoveredEndpoints(request: DiscoveryRequest, onChange: () => void): Promise<{ dispose(): void }> {
  const { watchEndpoints } = await import('../ipc/discovery/discover');
  return watchEndpoints(discoverOptions(request), onChange);
}

export async function findListener(pathOrAbstract: string): Promise<ListenerFacts | undefined> {
  // The kernel's table first (pid and uid); a connect still answers for a listener this process cannot see,
  // for example one in another network namespace.
  const { findUnixListener } = await import('../ipc/discovery/listeners');
  const found = await findUnixListener(pathOrAbstract);
  if (found) return { pid: found.pid, command: found.command, processUid: found.processUid };
  const { findListenerByConnect } = await import('../ipc/launch/listenTarget');
  const seen = await findListenerByConnect(pathOrAbstract);
  return seen && { ...seen, processUid: null };
}

/** Removes a socket file after checking again that it is a socket, nothing listens on it, and it was not replaced. */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  const discovery = await import('../ipc/discovery/discover');
  await discovery.removeStaleSocket(socketPath);
}

/** Tells the activation benchmark that the heavy modules are in (they are bundled, so require.cache cannot). */
function markCoreLoaded(): void {
  (globalThis as { __grpcIpcCoreLoaded?: boolean }).__grpcIpcCoreLoaded = true;
}

export async function loadSchemaByReflection(options: ConnectOptions, deadlineMs: number): Promise<Schema> {
  const schema = await import('../ipc/schema/schema');
  markCoreLoaded();
  return schema.loadSchemaByReflection(options, deadlineMs);
}

export async function loadSchemaFromProtos(files: string[], importPaths: string[]): Promise<Schema> {
  const schema = await import('../ipc/schema/schema');
  markCoreLoaded();
  return schema.loadSchemaFromProtos(files, importPaths);
}
