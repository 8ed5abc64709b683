// Everything needed to talk to a target: its endpoint, TLS (from the server's configuration or a
// pinned fingerprint) and the .proto files to use instead of reflection.
import { parseTarget } from '../ipc/endpoint';
import { resolveServerConfig, type ResolvedServer } from '../ipc/launch/config';
import type { ConnectOptions } from '../ipc/types';
import { readLaunchConfigs, variableScope } from './launchConfigs';
import { canonicalTarget } from './pins';
import type { ServerManager } from './servers';
import { readSettings } from './settings';

/** How to reach a target and where its schema comes from. */
export interface TargetConnection {
  connect: ConnectOptions;
  protoFiles: string[];
  importPaths: string[];
  server?: ResolvedServer;
}

/** Resolves a target string (and the configured server it belongs to, if any). Throws IpcError. */
export async function resolveTargetConnection(address: string, servers: ServerManager, serverName?: string): Promise<TargetConnection> {
  const settings = readSettings();
  const server = serverName ? await findServer(serverName, servers) : undefined;
  const endpoint = server?.endpoint ?? parseTarget(address);
  const pin = settings.tlsPins[address] ?? settings.tlsPins[canonicalTarget(address)];
  // A pin alone means TLS with the fingerprint as the only trust anchor (self-signed servers).
  const tls = server?.tls ? { ...server.tls, pin: server.tls.pin ?? pin } : pin ? { insecure: true, pin } : undefined;
  const useServerProtos = Boolean(server && server.protoFiles.length > 0);
  return {
    connect: { endpoint, tls },
    protoFiles: useServerProtos ? server!.protoFiles : settings.protoFiles,
    importPaths: useServerProtos ? server!.importPaths : settings.importPaths,
    server,
  };
}

async function findServer(name: string, servers: ServerManager): Promise<ResolvedServer | undefined> {
  const running = servers.get(name);
  if (running) return running.config;
  const config = (await readLaunchConfigs()).servers.find((server) => server.name === name);
  return config && resolveServerConfig(config, variableScope(config.cwd));
}
