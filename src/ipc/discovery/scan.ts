// Finds socket files in the directories where local servers usually put them.
import { lstatSync, promises, realpathSync, statSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, sep } from 'node:path';
import { nativeDiscovery, type NativeDiscovery } from './native';

/** A directory to scan and how far down to go. */
export interface ScanRoot {
  dir: string;
  /** 0 = only the directory's own entries, 1 = also the entries of its subdirectories, ... */
  depth: number;
  /** Stop after looking at this many entries under this root. */
  maxEntries: number;
}

/** The facts discovery needs from a socket file's lstat (fs.Stats has them). */
export interface SocketFileFacts {
  uid: number;
  mode: number;
}

/** A socket file found on disk; `target` is set when `path` is a symlink to it. */
export interface FoundSocket {
  path: string;
  target?: string;
  stat: SocketFileFacts;
}

/** What the scan saw, including the roots it had to cut short. */
export interface ScanResult {
  sockets: FoundSocket[];
  truncated: string[];
}

/** Folders that never hold a server's socket but can hold huge trees. */
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export const WORKSPACE_DEPTH = 4;
export const WORKSPACE_MAX_ENTRIES = 20_000;
const SYSTEM_MAX_ENTRIES = 50_000;

/** The default scan roots for this machine, plus any workspace folders. */
export function defaultScanRoots(workspaceFolders: string[] = [], platform: NodeJS.Platform = process.platform): ScanRoot[] {
  const roots: ScanRoot[] = [];
  if (platform === 'win32') {
    // Windows 10+ supports AF_UNIX; servers then use the temp folder.
    roots.push({ dir: tmpdir(), depth: 1, maxEntries: SYSTEM_MAX_ENTRIES });
  } else {
    const uid = process.getuid?.();
    const runtime = process.env.XDG_RUNTIME_DIR;
    if (runtime) roots.push({ dir: runtime, depth: 2, maxEntries: SYSTEM_MAX_ENTRIES });
    if (uid !== undefined && platform === 'linux') roots.push({ dir: `/run/user/${uid}`, depth: 2, maxEntries: SYSTEM_MAX_ENTRIES });
    // Apps put sockets in /tmp directly or in a folder of their own (/tmp/app-XXXX/api.sock, /tmp/.X11-unix/X0).
    roots.push({ dir: '/tmp', depth: 1, maxEntries: SYSTEM_MAX_ENTRIES });
    roots.push({ dir: tmpdir(), depth: 1, maxEntries: SYSTEM_MAX_ENTRIES });
    roots.push({ dir: '/run', depth: 0, maxEntries: SYSTEM_MAX_ENTRIES });
    roots.push({ dir: '/var/run', depth: 0, maxEntries: SYSTEM_MAX_ENTRIES });
  }
  roots.push(...workspaceRoots(workspaceFolders));
  return roots;
}

/** Workspace folders: deeper than system folders, but bounded. */
export function workspaceRoots(folders: string[]): ScanRoot[] {
  return folders.map((dir) => ({ dir, depth: WORKSPACE_DEPTH, maxEntries: WORKSPACE_MAX_ENTRIES }));
}

/**
 * Scans the roots for socket files. Roots that resolve to the same directory are scanned once
 * (/var/run is usually /run). Symlinked directories are not followed, so a cycle cannot trap the scan.
 * Directories are read in the thread pool, so a caller can walk /proc on the main thread meanwhile.
 */
export async function scanSocketFiles(roots: ScanRoot[], native: NativeDiscovery | null = nativeDiscovery()): Promise<ScanResult> {
  const byRealDir = new Map<string, ScanRoot>();
  for (const root of roots) {
    let real: string;
    try {
      real = realpathSync.native(root.dir);
    } catch {
      continue; // missing roots are normal ($XDG_RUNTIME_DIR on a server, /run/user on macOS)
    }
    const seen = byRealDir.get(real);
    if (!seen || seen.depth < root.depth || seen.maxEntries < root.maxEntries) byRealDir.set(real, { ...root, dir: root.dir });
  }
  const sockets = new Map<string, FoundSocket>();
  const truncated: string[] = [];
  // A folder can lie under two roots (/tmp/app under /tmp, and --dir /tmp/app); walk it once, deepest first.
  const walked = new Map<string, number>();
  const ordered = [...byRealDir.values()].sort((a, b) => b.depth - a.depth);
  // Each walk claims its root synchronously, before its first await, so the deeper root wins.
  await Promise.all(
    ordered.map(async (root) => {
      const walk: Walk = { budget: { left: root.maxEntries }, out: sockets, walked, native };
      await walkDir(walk, root.dir, root.depth);
      if (walk.budget.left < 0) truncated.push(root.dir);
    }),
  );
  return { sockets: [...sockets.values()], truncated };
}

/** One root's walk: its entry budget, and what all walks share. */
interface Walk {
  budget: { left: number };
  out: Map<string, FoundSocket>;
  /** The depth each folder was walked to, so a folder under two roots is walked once. */
  walked: Map<string, number>;
  native: NativeDiscovery | null;
}

/**
 * One folder's entries that are not plain files, in name order (the byte order of their UTF-8: libuv's
 * readdir sorts so, and the native listing too), each with its place among all the folder's entries.
 */
interface Folder {
  count: number;
  entries: { name: string; type: 's' | 'd' | 'l' | '?'; rank: number; stat?: SocketFileFacts }[];
}

/**
 * Reads a folder with the native listing or readdir; undefined when it is unreadable or vanished. Never
 * rejects, since a walk that stops early leaves some reads unawaited.
 */
async function readFolder(walk: Walk, dir: string): Promise<Folder | undefined> {
  if (walk.native) {
    // The budget left now bounds what this folder can be given later, so the listing stops there.
    const listing = await walk.native.listDir(dir, Math.max(walk.budget.left, 0)).catch(() => ({ error: 'EIO' }));
    if ('error' in listing) return undefined;
    const { names, types, modes, uids, ranks } = listing;
    const entries: Folder['entries'] = [];
    for (let i = 0; i < names.length; i++) {
      const type = types[i] as Folder['entries'][number]['type'];
      if (type === 's' && modes[i] < 0) continue; // vanished between readdir and lstat
      entries.push({ name: names[i], type, rank: ranks[i], stat: type === 's' ? { mode: modes[i], uid: uids[i] } : undefined });
    }
    return { count: listing.count, entries };
  }
  let dirents: Dirent[];
  try {
    dirents = await promises.readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const entries: Folder['entries'] = [];
  for (let rank = 0; rank < dirents.length; rank++) {
    const entry = dirents[rank];
    if (entry.isFile() || entry.isFIFO() || entry.isBlockDevice() || entry.isCharacterDevice()) continue;
    const type = entry.isSocket() ? 's' : entry.isDirectory() ? 'd' : entry.isSymbolicLink() ? 'l' : '?'; // '?': DT_UNKNOWN
    entries.push({ name: entry.name, type, rank });
  }
  return { count: dirents.length, entries };
}

/**
 * Walks one folder: the budget pays for its first entries in name order (all of them when it suffices),
 * then its subfolders are read together but walked one by one in name order, so the budget goes to the
 * same entries whichever read ends first, and the native and JavaScript paths find the same sockets.
 */
async function walkDir(walk: Walk, dir: string, depth: number, reading?: Promise<Folder | undefined>): Promise<void> {
  const { budget, out, walked } = walk;
  const before = walked.get(dir);
  if (before !== undefined && before >= depth) return;
  walked.set(dir, depth);
  const folder = await (reading ?? readFolder(walk, dir));
  if (!folder) return;
  const allowed = Math.max(budget.left, 0);
  // One more than allowed when the folder is bigger, which leaves the budget below zero: truncated.
  budget.left -= Math.min(folder.count, allowed + 1);
  const subdirs: string[] = [];
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const entry of folder.entries) {
    if (entry.rank >= allowed) break;
    const full = prefix + entry.name;
    if (entry.type === 's') {
      if (entry.stat && !out.has(full)) out.set(full, { path: full, stat: entry.stat });
      else addSocket(full, out);
    } else if (entry.type === 'd') {
      if (depth > 0 && !SKIP_DIRS.has(entry.name)) subdirs.push(full);
    } else if (entry.type === 'l') {
      addSymlinkedSocket(full, out);
    } else {
      addIfSocket(full, depth, subdirs, out);
    }
  }
  const reads = subdirs.map((sub) => readFolder(walk, sub));
  for (let i = 0; i < subdirs.length; i++) {
    if (budget.left < 0) break;
    await walkDir(walk, subdirs[i], depth - 1, reads[i]);
  }
}

function addSocket(full: string, out: Map<string, FoundSocket>): void {
  if (out.has(full)) return;
  try {
    const stat = lstatSync(full);
    if (stat.isSocket()) out.set(full, { path: full, stat });
  } catch {
    // removed meanwhile
  }
}

function addSymlinkedSocket(full: string, out: Map<string, FoundSocket>): void {
  try {
    const stat = statSync(full);
    if (!stat.isSocket()) return;
    out.set(full, { path: full, target: realpathSync(full), stat });
  } catch {
    // dangling link
  }
}

function addIfSocket(full: string, depth: number, subdirs: string[], out: Map<string, FoundSocket>): void {
  try {
    const stat = lstatSync(full);
    if (stat.isSocket()) out.set(full, { path: full, stat });
    else if (stat.isDirectory() && depth > 0 && !SKIP_DIRS.has(basename(full))) subdirs.push(full);
  } catch {
    // vanished
  }
}
