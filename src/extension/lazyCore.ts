// What the extension's glue (explorer, commands, launcher) asks of the core modules that are loaded on
// first use: discovery, /proc scanning and schemas. Every function goes through loadLazy(), so
// activation stays cheap; nothing else outside the lazy bundle imports those modules at the top level.
import type { ConnectOptions } from '../ipc/types';

/** One endpoint as discovery reports it. */
export type { DiscoveredEndpoint } from '../ipc/discovery/types';
import type { DiscoveredEndpoint } from '../ipc/discovery/types';
import type { ListenerFacts } from '../ipc/discovery/records';

/** What the explorer asks discovery to look at. */
export interface DiscoveryRequest {
  directories: string[];
  workspaceFolders: string[];
  probe: boolean;
  probeTimeoutMs: number;
  /** Called once with everything found, before the probes finish. */
  onListed?: (endpoints: DiscoveredEndpoint[]) => void;
  /** Vetoes probing an endpoint (the owner policy). */
  mayProbe?: (endpoint: DiscoveredEndpoint) => boolean;
}

function discoverOptions(request: DiscoveryRequest) {
  return {
    dirs: request.directories,
    workspaceFolders: request.workspaceFolders,
    probe: request.probe,
    probeDeadlineMs: request.probeTimeoutMs,
    onListed: request.onListed,
    mayProbe: request.mayProbe,
  };
}

/** A loaded schema (services plus the type registry the request builder needs). */
export type { Schema } from '../ipc/schema/schema';
import type { Schema } from '../ipc/schema/schema';
import { loadLazy } from './loadLazy';

/** Lists and probes local endpoints, leaving out well-known system sockets (X11, D-Bus, systemd…). */
export async function discoverEndpoints(
  request: DiscoveryRequest,
  onUpdate?: (endpoint: DiscoveredEndpoint) => void,
): Promise<DiscoveredEndpoint[]> {
  const { discovery } = await loadLazy();
  const wanted = (endpoint: DiscoveredEndpoint) => !discovery.isKnownSystemSocket(endpoint.path);
  const endpoints = await discovery.discover(
    { ...discoverOptions(request), onListed: request.onListed && ((all) => request.onListed?.(all.filter(wanted))) },
    onUpdate && ((endpoint) => wanted(endpoint) && onUpdate(endpoint)),
  );
  return endpoints.filter(wanted);
}

/** Calls onChange when sockets come or go, until disposed. */
export async function watchDiscoveredEndpoints(request: DiscoveryRequest, onChange: () => void): Promise<{ dispose(): void }> {
  const { watchEndpoints } = (await loadLazy()).watch;
  return watchEndpoints(discoverOptions(request), onChange);
}

/** The listener bound to a socket path or '@abstract' name, from /proc (Linux only). */
export async function findListener(pathOrAbstract: string): Promise<ListenerFacts | undefined> {
  const { findUnixListener } = (await loadLazy()).listeners;
  return findUnixListener(pathOrAbstract);
}

/** Removes a socket file after checking again, right before the unlink, that nothing listens on it. */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  const { removeStaleSocket } = (await loadLazy()).stale;
  return removeStaleSocket(socketPath);
}

export async function loadSchemaByReflection(options: ConnectOptions, deadlineMs: number): Promise<Schema> {
  return (await loadLazy()).grpcCore().loadSchemaByReflection(options, deadlineMs);
}

export async function loadSchemaFromProtos(files: string[], importPaths: string[]): Promise<Schema> {
  return (await loadLazy()).grpcCore().loadSchemaFromProtos(files, importPaths);
}
