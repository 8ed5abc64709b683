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

/** The schema shape the explorer needs: services and their methods. */
export type { ServiceInfo } from '../ipc/types';
import type { ServiceInfo } from '../ipc/types';
export interface LoadedSchema {
  source: string;
  services: ServiceInfo[];
}

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

export async function findListener(_pathOrAbstract: string): Promise<ListenerFacts | undefined> {
  return notInThisBuild('Listener lookup');
}

/** Removes a socket file after checking again that nothing listens on it. */
export async function removeStaleSocket(_path: string): Promise<void> {
  return notInThisBuild('Removing stale sockets');
}

export async function loadSchemaByReflection(_options: ConnectOptions, _deadlineMs: number): Promise<LoadedSchema> {
  return notInThisBuild('Reflection');
}

export async function loadSchemaFromProtos(_files: string[], _importPaths: string[]): Promise<LoadedSchema> {
  return notInThisBuild('Loading .proto files');
}
