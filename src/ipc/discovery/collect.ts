// Builds the endpoint list without probing: socket files from the scan, listeners from the kernel (Linux)
// or lsof (macOS), named pipes (Windows), and a connect attempt wherever a file's state is in doubt.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { listUnixListeners, type UnixListener } from './listeners';
import type { ConnectCheck } from './stale';
import type { LsofSocket } from './lsof';
import { nativeDiscovery } from './native';
import { listNamedPipes, type PipeOwnerLookup } from './pipes';
import { runPool } from './pool';
import { abstractEndpoint, pipeEndpoint, socketFileEndpoint, withListener } from './records';
import { defaultScanRoots, scanSocketFiles, workspaceRoots, type FoundSocket, type ScanResult, type ScanRoot } from './scan';
import type { DiscoveredEndpoint, DiscoveryReport, DiscoveryWarning, DiscoverOptions } from './types';

const CONNECT_CHECKS_IN_FLIGHT = 32;

/** Extra options the collection needs beyond DiscoverOptions. */
export interface CollectOptions extends DiscoverOptions {
  platform?: NodeJS.Platform;
  /** Who serves a named pipe (PowerShell on Windows); pid and command stay empty without it. */
  pipeOwner?: PipeOwnerLookup;
}

/** The scan roots the options ask for. */
export function scanRootsFor(options: DiscoverOptions, platform: NodeJS.Platform): ScanRoot[] {
  const workspace = options.workspaceFolders ?? [];
  const roots = options.defaultDirs === false ? workspaceRoots(workspace) : defaultScanRoots(workspace, platform);
  for (const dir of options.dirs ?? []) roots.push({ dir: resolvePath(dir), depth: 2, maxEntries: 50_000 });
  return roots;
}

/** Lists endpoints for this platform. Never throws for a missing tool or folder: that becomes a warning. */
export async function collectEndpoints(options: CollectOptions = {}): Promise<DiscoveryReport> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return collectPipes(options);
  // The kernel tables and the folders are read at the same time: in the thread pool with the native
  // helpers, else the folders there and the tables here. The tables go first, as they take longer.
  const listening = platform === 'linux' ? listUnixListeners() : undefined;
  const scanning = scanSocketFiles(scanRootsFor(options, platform));
  const report = listening ? await collectLinux(scanning, listening) : await collectWithLsof(scanning);
  const scan = await scanning;
  report.warnings.unshift(
    ...scan.truncated.map((dir): DiscoveryWarning => ({
      code: 'scan-truncated',
      message: `Stopped scanning ${dir} after too many entries; some sockets there may be missing.`,
    })),
  );
  return report;
}

/** Canonical path of a socket: its directory's real path plus its name, so /var/run/x and /run/x match. */
function canonicalizer(): (socketPath: string) => string {
  const dirs = new Map<string, string>();
  return (socketPath) => {
    const slash = socketPath.lastIndexOf(sep);
    if (slash <= 0) return socketPath;
    const dir = socketPath.slice(0, slash);
    let real = dirs.get(dir);
    if (real === undefined) {
      try {
        real = realpathSync.native(dir);
      } catch {
        real = dir;
      }
      dirs.set(dir, real);
    }
    return real === dir ? socketPath : real + socketPath.slice(slash);
  };
}

/**
 * `listAgain` reads the kernel's listeners a second time, for files that answer though no listener was
 * seen for them: a socket closed while the table was read can make the kernel skip a row (see readTable).
 */
export async function collectLinux(
  scanning: Promise<ScanResult>,
  listening: Promise<UnixListener[]>,
  listAgain: () => Promise<UnixListener[]> = listUnixListeners,
): Promise<DiscoveryReport> {
  // The files' records are built as soon as the scan is in, often while the kernel tables are still being
  // read; in path order, which leaves a caller's sort by address little to do.
  const found = (await scanning).sockets.sort(byPath);
  const dirModes = new Map<string, number | null>();
  const records = found.map((socket) => socketFileEndpoint(socket.path, socket.stat, dirModes, socket.target));
  const newest = newestByPath(await listening);
  const listenerFor = pathMatcher(newest);
  const owners = found.map((socket) => listenerFor(socket.target ?? socket.path));
  // A file without a listener is stale, unless a listener in another network namespace answers.
  const checked = await connectChecks(found.filter((_, i) => !owners[i]).map((socket) => socket.path));
  const answered = (i: number) => !owners[i] && checked.get(found[i].path) === 'listening';
  if (found.some((_, i) => answered(i))) {
    const again = newestByPath(await listAgain());
    const listenerAgain = pathMatcher(again);
    for (let i = 0; i < found.length; i++) if (answered(i)) owners[i] = listenerAgain(found[i].target ?? found[i].path);
    for (const listener of again.values()) if (!newest.has(listener.path)) newest.set(listener.path, listener);
  }
  const endpoints: DiscoveredEndpoint[] = [];
  const claimed = new Set<UnixListener>();
  for (let i = 0; i < found.length; i++) {
    const listener = owners[i];
    if (listener) {
      claimed.add(listener);
      withListener(records[i], listener, found[i].stat);
    } else {
      const result = checked.get(found[i].path);
      if (result === 'missing') continue; // removed during the run
      applyConnectCheck(
        records[i],
        result,
        'No process in this network namespace holds it; it answers, so the listener is elsewhere (a container?).',
      );
    }
    endpoints.push(records[i]);
  }
  for (const listener of newest.values()) {
    if (claimed.has(listener)) continue;
    if (listener.path.startsWith('@')) endpoints.push(abstractEndpoint(listener));
    else {
      const stat = lstatOrNull(listener.path);
      endpoints.push(withListener(socketFileEndpoint(listener.path, stat, dirModes), listener, stat));
    }
  }
  return { endpoints, warnings: [] };
}

/** When a path was bound again after its file was unlinked, the newest bind (largest inode) is live. */
function newestByPath(listeners: UnixListener[]): Map<string, UnixListener> {
  const newest = new Map<string, UnixListener>();
  for (const listener of listeners) {
    const seen = newest.get(listener.path);
    if (!seen || listener.inode > seen.inode) newest.set(listener.path, listener);
  }
  return newest;
}

/** Plain code-unit order, as the CLI sorts addresses. */
function byPath(a: FoundSocket, b: FoundSocket): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Looks items up by exact path first; only a miss pays for real paths (/var/run/x vs /run/x). */
function pathMatcher<T>(byPath: Map<string, T>): (socketPath: string) => T | undefined {
  const canonical = canonicalizer();
  let byCanonical: Map<string, T> | undefined;
  return (socketPath) => {
    const exact = byPath.get(socketPath);
    if (exact) return exact;
    byCanonical ??= new Map(
      [...byPath].filter(([itemPath]) => itemPath.startsWith('/')).map(([itemPath, item]) => [canonical(itemPath), item]),
    );
    return byCanonical.get(canonical(socketPath));
  };
}

const NATIVE_CHECKS: Record<string, ConnectCheck> = { l: 'listening', r: 'refused', m: 'missing', d: 'denied', u: 'unknown' };

/** Connect attempts, a bounded number at a time; node:net is loaded only when there is something to try. */
export async function connectChecks(paths: string[], native = nativeDiscovery()): Promise<Map<string, ConnectCheck>> {
  const results = new Map<string, ConnectCheck>();
  if (paths.length === 0) return results;
  if (native) {
    const letters = native.connectUnix(paths);
    paths.forEach((socketPath, i) => results.set(socketPath, NATIVE_CHECKS[letters[i]]));
    return results;
  }
  const { checkConnect } = await import('./stale');
  await runPool(paths, CONNECT_CHECKS_IN_FLIGHT, async (socketPath) => {
    results.set(socketPath, await checkConnect(socketPath));
  });
  return results;
}

function applyConnectCheck(endpoint: DiscoveredEndpoint, result: ConnectCheck | undefined, answeredMessage: string): void {
  if (result === 'refused') endpoint.stale = true;
  else if (result === 'listening') {
    endpoint.listening = true;
    endpoint.warnings.push({ code: 'owner-unknown', message: `Listening, owner unknown. ${answeredMessage}` });
  } else if (result === 'denied')
    endpoint.warnings.push({
      code: 'connect-denied',
      message: 'You may not connect to this socket (permission denied), so whether it is live is unknown.',
    });
}

function lstatOrNull(socketPath: string): Stats | null {
  try {
    const stat = lstatSync(socketPath);
    return stat.isSocket() ? stat : null;
  } catch {
    return null;
  }
}

/** macOS and other Unixes: owners from lsof, liveness from lsof or a connect attempt. */
async function collectWithLsof(scanning: Promise<ScanResult>): Promise<DiscoveryReport> {
  const warnings: DiscoveryWarning[] = [];
  const { lsofByPath, runLsof } = await import('./lsof');
  const [lsof, { sockets: found }] = await Promise.all([runLsof(), scanning]);
  if (lsof.sockets === null) warnings.push({ code: 'lsof-unavailable', message: `${lsof.reason}; listener processes are unknown.` });
  const canonical = canonicalizer();
  const owners = new Map<string, LsofSocket>();
  for (const [socketPath, socket] of lsofByPath(lsof.sockets ?? [])) owners.set(canonical(socketPath), socket);
  const dirModes = new Map<string, number | null>();
  const endpoints: DiscoveredEndpoint[] = [];
  const unowned = found.filter((socket) => !owners.has(canonical(socket.target ?? socket.path)));
  const checked = await connectChecks(unowned.map((socket) => socket.path));
  for (const socket of found) {
    const owner = owners.get(canonical(socket.target ?? socket.path));
    const endpoint = socketFileEndpoint(socket.path, socket.stat, dirModes, socket.target);
    if (owner) withListener(endpoint, { pid: owner.pid, command: owner.command, processUid: owner.uid }, socket.stat);
    else {
      const result = checked.get(socket.path);
      if (result === 'missing') continue;
      applyConnectCheck(endpoint, result, "lsof shows no process holding it (another user's process, when not root).");
    }
    endpoints.push(endpoint);
  }
  return { endpoints, warnings };
}

/** Windows: every named pipe is a candidate; owners come from the platform hook when there is one. */
async function collectPipes(options: CollectOptions): Promise<DiscoveryReport> {
  const listing = listNamedPipes();
  if (!listing.ok) return { endpoints: [], warnings: [{ code: 'pipe-listing-unavailable', message: listing.reason }] };
  const endpoints = listing.names.map(pipeEndpoint);
  if (options.pipeOwner) {
    const lookup = options.pipeOwner;
    await runPool(endpoints, 4, async (endpoint) => {
      const owner = await lookup(endpoint.name).catch(() => null);
      endpoint.pid = owner?.serverPid ?? null;
      endpoint.user = owner?.owner ?? null;
      if (owner && owner.serverPid === null && owner.unknownReason)
        endpoint.warnings.push({ code: 'owner-unknown', message: owner.unknownReason });
    });
  }
  return { endpoints, warnings: [] };
}
