// The one door from the extension to the core modules that pull in grpc-js, protobuf and /proc
// scanning. Every function loads its module on first use with `await import()`, so activation
// stays cheap; nothing else under src/extension imports those modules at the top level.
import type { ConnectOptions } from '../ipc/types';
import { IpcError } from '../ipc/errors';

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

function notInThisBuild(what: string): never {
  throw new IpcError('internal', `${what} is not part of this build yet.`);
}

export async function discoverEndpoints(_request: DiscoveryRequest, _onUpdate?: (endpoint: DiscoveredEndpoint) => void): Promise<DiscoveredEndpoint[]> {
  return notInThisBuild('Discovery');
}

export async function watchDiscoveredEndpoints(_request: DiscoveryRequest, _onChange: () => void): Promise<{ dispose(): void }> {
  return { dispose() {} };
}

export async function findListener(pathOrAbstract: string): Promise<ListenerFacts | undefined> {
  // Until discovery's /proc lookup is in, a connect answers whether something listens.
  const { findListenerByConnect } = await import('../ipc/launch/listenTarget');
  const seen = await findListenerByConnect(pathOrAbstract);
  return seen && { ...seen, processUid: null };
}

/** Removes a socket file after checking again that nothing listens on it. */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  const { inspectListenTarget } = await import('../ipc/launch/listenTarget');
  const state = await inspectListenTarget({ kind: 'unix', path: socketPath }, findListener);
  if (state.kind === 'in-use') throw new IpcError('usage', `${socketPath} is not stale any more: something listens on it again.`, 'Refresh the explorer.');
  if (state.kind === 'blocked') throw new IpcError('not-a-socket', state.message);
  if (state.kind === 'stale') await (await import('node:fs')).promises.unlink(socketPath);
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
