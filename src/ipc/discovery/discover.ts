// Discovery of local gRPC endpoints: list what listens, then probe the listeners concurrently so that a
// slow or silent one never holds back the others.
import { parseTarget } from '../endpoint';
import { collectEndpoints, type CollectOptions } from './collect';
import { runPool } from './pool';
import type { DiscoveredEndpoint, DiscoveryReport, DiscoverOptions } from './types';

export type { DiscoveredEndpoint, DiscoveryReport, DiscoveryWarning, DiscoverOptions, GrpcFacts, WarningCode } from './types';
export { ENDPOINT_KEYS } from './types';
export { watchEndpoints } from './watch';

/**
 * Removes a stale socket file after re-checking it (see stale.ts). Loaded on demand, so that listing
 * alone never loads node:net.
 */
export async function removeStaleSocket(socketPath: string): Promise<void> {
  return (await import('./stale')).removeStaleSocket(socketPath);
}

/** Per-endpoint probe deadline and probes in flight, unless the options say otherwise. */
export const PROBE_DEADLINE_MS = 300;
export const PROBE_CONCURRENCY = 32;

/** Sockets of desktop and system services that never speak gRPC (X11, D-Bus, systemd, agents, editors, runtimes). */
const SYSTEM_SOCKETS = [
  /\/\.(X11|ICE|font|XIM)-unix\//,
  /^@\/tmp\/\.X11-unix\//,
  /^@\/org\/freedesktop\//,
  /^\/(var\/)?run\/dbus\//,
  /^\/(var\/)?run\/systemd\//,
  /^\/(var\/)?run\/udev\//,
  /^\/run\/user\/\d+\/(bus|systemd\/|pulse\/|gnupg\/|keyring\/|pipewire-\d)/,
  /\/ssh-[^/]+\/agent\.\d+$/,
  /\/tmux-\d+\//,
  /\/\.s\.PGSQL\.\d+$/,
  /\/mysqld?\.sock$/,
  /\/vscode-(ipc|git|git-askpass)-[^/]*\.sock$/,
  /\/code-server-ipc\.sock$/, // code-server's own session socket, in its user data folder
  /\/Singleton(Socket|Lock)$/, // Chromium and Electron apps
  /\/dotnet-diagnostic-\d+-\d+-socket$/, // every .NET process's diagnostics IPC (EventPipe), in its temp folder
];

/** One regex for all of them: a single pass per path. */
const SYSTEM_SOCKET = new RegExp(SYSTEM_SOCKETS.map((pattern) => `(?:${pattern.source})`).join('|'));

/** Whether a path or '@name' belongs to a well-known non-gRPC service. */
export function isKnownSystemSocket(socketPath: string): boolean {
  return SYSTEM_SOCKET.test(socketPath);
}

/**
 * Lists local endpoints and, unless `probe: false`, probes every live one. `onUpdate` receives each
 * endpoint once, in its final state: at once when it is not probed, otherwise when its probe ends.
 */
export async function discoverReport(
  options: DiscoverOptions & Pick<CollectOptions, 'pipeOwner'> = {},
  onUpdate?: (endpoint: DiscoveredEndpoint) => void,
): Promise<DiscoveryReport> {
  const probe = options.probe !== false;
  // Listing alone must not load node:http2 or grpc-js (the CLI's --no-probe start-up time). When probing,
  // start loading now so that it overlaps with the scan.
  if (probe) void loadProber();
  const report = await collectEndpoints(options);
  options.onListed?.(report.endpoints);
  const toProbe: DiscoveredEndpoint[] = [];
  for (const endpoint of report.endpoints) {
    if (probe && shouldProbe(endpoint, options.probeSystemSockets === true) && options.mayProbe?.(endpoint) !== false)
      toProbe.push(endpoint);
    else onUpdate?.(endpoint);
  }
  await probeEndpoints(toProbe, options, onUpdate);
  return report;
}

let prober: Promise<typeof import('./probe')> | undefined;

function loadProber(): Promise<typeof import('./probe')> {
  prober ??= import('./probe').then((module) => {
    void module.loadReflection().catch(() => undefined);
    return module;
  });
  return prober;
}

/** Probes the given endpoints in place (sets `grpc`), a bounded number at a time, reporting each as it ends. */
export async function probeEndpoints(
  endpoints: DiscoveredEndpoint[],
  options: Pick<DiscoverOptions, 'probeDeadlineMs' | 'probeConcurrency'>,
  onUpdate?: (endpoint: DiscoveredEndpoint) => void,
): Promise<void> {
  if (endpoints.length === 0) return;
  const { probeEndpoint } = await loadProber();
  const deadlineMs = options.probeDeadlineMs ?? PROBE_DEADLINE_MS;
  await runPool(endpoints, options.probeConcurrency ?? PROBE_CONCURRENCY, async (endpoint) => {
    endpoint.grpc = await probeEndpoint(parseTarget(endpoint.address), deadlineMs).catch(() => null);
    onUpdate?.(endpoint);
  });
}

/** The contract's entry point: the endpoints only. Run-level warnings are in discoverReport. */
export async function discover(
  options: DiscoverOptions = {},
  onUpdate?: (endpoint: DiscoveredEndpoint) => void,
): Promise<DiscoveredEndpoint[]> {
  return (await discoverReport(options, onUpdate)).endpoints;
}

function shouldProbe(endpoint: DiscoveredEndpoint, probeSystemSockets: boolean): boolean {
  if (!endpoint.listening || endpoint.stale) return false;
  if (
    endpoint.warnings.some((w) => w.code === 'socket-file-missing' || w.code === 'abstract-needs-node22' || w.code === 'relative-bind-path')
  )
    return false;
  return probeSystemSockets || !isKnownSystemSocket(endpoint.path);
}

/**
 * What a list shows by default: after probing, the gRPC servers; without probing, every endpoint but
 * the well-known system sockets (gRPC unknown). `all` shows everything, stale files and X11 included.
 */
export function visibleEndpoints(endpoints: DiscoveredEndpoint[], view: { all: boolean; probed: boolean }): DiscoveredEndpoint[] {
  if (view.all) return endpoints;
  if (view.probed) return endpoints.filter((e) => e.grpc !== null);
  return endpoints.filter((e) => !isKnownSystemSocket(e.path));
}
