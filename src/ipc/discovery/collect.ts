// Builds the endpoint list without probing: socket files from the scan, listeners from the kernel (Linux)
// or lsof (macOS), named pipes (Windows), and a connect attempt wherever a file's state is in doubt.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeMajor, pipePath } from '../endpoint';
import { readListeningRows, resolveListeners, startSocketOwnerWalk, type UnixListener } from './listeners';
import type { ProcUnixRow } from './procNetUnix';
import type { ConnectCheck } from './stale';
import type { LsofSocket } from './lsof';
import { nativeDiscovery } from './native';
import { listNamedPipes, type PipeOwnerLookup } from './pipes';
import { runPool } from './pool';
import { defaultScanRoots, scanSocketFiles, workspaceRoots, type ScanResult, type ScanRoot, type SocketFileFacts } from './scan';
import type { DiscoveredEndpoint, DiscoveryReport, DiscoveryWarning, DiscoverOptions } from './types';
import { userName } from './users';
import { abstractWarning, formatMode, socketFileWarnings } from './warnings';

/** sizeof(sun_path): Node < 22 pads abstract names to it with NULs, which /proc shows as '@'. */
const SUN_PATH_BYTES = 108;
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
  for (const dir of options.dirs ?? []) roots.push({ dir: path.resolve(dir), depth: 2, maxEntries: 50_000 });
  return roots;
}

/** Lists endpoints for this platform. Never throws for a missing tool or folder: that becomes a warning. */
export async function collectEndpoints(options: CollectOptions = {}): Promise<DiscoveryReport> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return collectPipes(options);
  // The folder scan reads directories in the thread pool while the kernel tables are read here.
  const scanning = scanSocketFiles(scanRootsFor(options, platform));
  const report = platform === 'linux' ? await collectLinux(scanning) : await collectWithLsof(scanning);
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
    const slash = socketPath.lastIndexOf(path.sep);
    if (slash <= 0) return socketPath;
    const dir = socketPath.slice(0, slash);
    let real = dirs.get(dir);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(dir);
      } catch {
        real = dir;
      }
      dirs.set(dir, real);
    }
    return real === dir ? socketPath : real + socketPath.slice(slash);
  };
}

async function collectLinux(scanning: Promise<ScanResult>): Promise<DiscoveryReport> {
  // With the native helpers the fd walk starts at once, in the thread pool, beside the kernel table. A
  // server that starts listening in between shows "owner unknown" until the next refresh.
  const owners = startSocketOwnerWalk();
  const rows = await readListeningRows();
  // When a path was bound again after its file was unlinked, the newest bind (largest inode) is live.
  const newest = new Map<string, ProcUnixRow>();
  for (const row of rows) {
    const seen = newest.get(row.path);
    if (!seen || row.inode > seen.inode) newest.set(row.path, row);
  }
  const rowFor = pathMatcher([...newest.values()]);
  // A file without a listening row is stale, unless a listener in another network namespace answers.
  // Those connects start as soon as the scan is done, and run while /proc is walked below.
  const checks = scanning.then(({ sockets }) => connectChecks(sockets.filter((s) => !rowFor(s.target ?? s.path)).map((s) => s.path)));
  const listeners = await resolveListeners([...newest.values()], owners);
  const byInode = new Map(listeners.map((listener) => [listener.inode, listener]));

  const found = (await scanning).sockets;
  const checked = await checks;
  const endpoints: DiscoveredEndpoint[] = [];
  const claimed = new Set<UnixListener>();
  const dirModes = new Map<string, number | null>();
  for (const socket of found) {
    const row = rowFor(socket.target ?? socket.path);
    const listener = row ? byInode.get(row.inode) : undefined;
    if (listener) claimed.add(listener);
    const endpoint = unixEndpoint(socket.path, socket.stat, listener ?? null, dirModes, socket.target);
    if (!row) {
      const result = checked.get(socket.path);
      if (result === 'missing') continue; // removed during the run
      applyConnectCheck(
        endpoint,
        result,
        'No process in this network namespace holds it; it answers, so the listener is elsewhere (a container?).',
      );
    }
    endpoints.push(endpoint);
  }
  for (const listener of listeners) {
    if (claimed.has(listener)) continue;
    if (listener.path.startsWith('@')) endpoints.push(abstractEndpoint(listener));
    else endpoints.push(unixEndpoint(listener.path, lstatOrNull(listener.path), listener, dirModes));
  }
  return { endpoints, warnings: [] };
}

/** Looks rows up by exact path first; only a miss pays for real paths (/var/run/x vs /run/x). */
function pathMatcher<T extends { path: string }>(items: T[]): (socketPath: string) => T | undefined {
  const byPath = new Map(items.map((item) => [item.path, item]));
  const canonical = canonicalizer();
  let byCanonical: Map<string, T> | undefined;
  return (socketPath) => {
    const exact = byPath.get(socketPath);
    if (exact) return exact;
    byCanonical ??= new Map(items.filter((item) => item.path.startsWith('/')).map((item) => [canonical(item.path), item]));
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

function lstatOrNull(socketPath: string): fs.Stats | null {
  try {
    const stat = fs.lstatSync(socketPath);
    return stat.isSocket() ? stat : null;
  } catch {
    return null;
  }
}

/** The endpoint record for a socket file (or a listener whose file is gone). */
export function unixEndpoint(
  socketPath: string,
  stat: SocketFileFacts | null,
  listener: Pick<UnixListener, 'pid' | 'command' | 'processUid' | 'unknownReason'> | null,
  dirModes: Map<string, number | null>,
  symlinkTarget?: string,
): DiscoveredEndpoint {
  const warnings: DiscoveryWarning[] = [];
  if (symlinkTarget) warnings.push({ code: 'symlink-to-socket', message: `${socketPath} is a symlink to the socket ${symlinkTarget}.` });
  if (stat) warnings.push(...socketFileWarnings(socketPath, stat, listener?.processUid ?? null, dirModes));
  if (listener && !stat)
    warnings.push({
      code: 'socket-file-missing',
      message: 'A process listens under this name, but the socket file was deleted or replaced; connecting by path will not reach it.',
    });
  if (listener && listener.pid === null && listener.unknownReason)
    warnings.push({ code: 'owner-unknown', message: `Listener ${listener.unknownReason}.` });
  if (!path.isAbsolute(socketPath))
    warnings.push({ code: 'relative-bind-path', message: 'The server bound a relative path, so the folder it lives in is unknown.' });
  return {
    kind: 'unix',
    address: `unix:${socketPath}`,
    path: socketPath,
    name: path.basename(socketPath),
    listening: listener !== null,
    stale: false,
    uid: stat ? stat.uid : null,
    user: stat ? userName(stat.uid) : null,
    mode: stat ? formatMode(stat.mode) : null,
    pid: listener?.pid ?? null,
    command: listener?.command ?? null,
    processUid: listener?.processUid ?? null,
    warnings,
    grpc: null,
  };
}

/** The endpoint record for an abstract listener; Node < 22's NUL padding is stripped from the name. */
export function abstractEndpoint(listener: UnixListener, nodeVersion: string = process.versions.node): DiscoveredEndpoint {
  let name = listener.path.slice(1);
  const warnings: DiscoveryWarning[] = [abstractWarning()];
  const padded = listener.path.length === SUN_PATH_BYTES && name.endsWith('@');
  if (padded) {
    name = name.replace(/@+$/, '');
    warnings.push({
      code: 'abstract-padded-name',
      message: 'The name is padded with NULs to 108 bytes, as Node < 22 binds it; only clients that pad the same way (Node < 22) reach it.',
    });
  } else if (nodeMajor(nodeVersion) < 22) {
    warnings.push({
      code: 'abstract-needs-node22',
      message: `Abstract sockets need Node ≥ 22 (VS Code ≥ 1.101) to connect; this runtime is Node ${nodeVersion}.`,
    });
  }
  if (listener.pid === null && listener.unknownReason)
    warnings.push({ code: 'owner-unknown', message: `Listener ${listener.unknownReason}.` });
  return {
    kind: 'abstract',
    address: `unix-abstract:${name}`,
    path: `@${name}`,
    name,
    listening: true,
    stale: false,
    uid: null,
    user: null,
    mode: null,
    pid: listener.pid,
    command: listener.command,
    processUid: listener.processUid,
    warnings,
    grpc: null,
  };
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
    const listener = owner ? { pid: owner.pid, command: owner.command, processUid: owner.uid } : null;
    const endpoint = unixEndpoint(socket.path, socket.stat, listener, dirModes, socket.target);
    if (!listener) {
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
  const endpoints = listing.names.map((name): DiscoveredEndpoint => ({
    kind: 'pipe',
    address: `npipe:${name}`,
    path: pipePath(name),
    name,
    listening: true,
    stale: false,
    uid: null,
    user: null,
    mode: null,
    pid: null,
    command: null,
    processUid: null,
    warnings: [],
    grpc: null,
  }));
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
