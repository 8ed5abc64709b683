// Who listens on which Unix socket, from the kernel's own tables (Linux): /proc/net/unix gives the
// listening socket inodes; /proc/<pid>/fd/* links (`socket:[inode]`) give the pids. Plain JavaScript,
// or the optional native helpers (native.ts) where they are built.
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync } from 'node:fs';
import { nativeDiscovery, type NativeDiscovery } from './native';
import { readTable, SO_ACCEPTCON, SUN_PATH_BYTES, type ProcUnixRow } from './procNetUnix';

/** A listening Unix socket and the process that holds it, when that can be seen. */
export interface UnixListener {
  /** The socket's inode in sockfs (not the inode of the socket file). */
  inode: number;
  /** The bound path, or '@name' for an abstract socket. */
  path: string;
  pid: number | null;
  command: string | null;
  /** The effective uid of the listening process. */
  processUid: number | null;
  /** Why pid is null, e.g. "unknown (owned by uid 1000)". */
  unknownReason?: string;
}

/** The process facts for one pid. */
interface ProcessFacts {
  command: string | null;
  uid: number | null;
}

/** Where each socket inode was found, plus what could not be looked at. */
interface SocketOwners {
  pids: Map<number, number>;
  /** Processes whose fd table we may not read (other users' processes when not root). */
  unreadable: number;
}

const PROC = '/proc';
/** How many readings of /proc/net/unix an inode must be printed twice in to count as forged (see readTable). */
const READINGS = 3;
/** Yield to the event loop after this many processes, so a big scan never freezes the caller. */
const PIDS_PER_SLICE = 256;

/**
 * Lists every named listening Unix socket in this network namespace, with its process. The native
 * helpers read the table and walk the fd links in one go in the thread pool, handing over only the
 * listeners, not every socket of every process.
 */
export async function listUnixListeners(native: NativeDiscovery | null = nativeDiscovery()): Promise<UnixListener[]> {
  if (!native) return resolveListeners(await readListeningRows(null));
  const { inodes, paths, pids, unreadable } = await native.listeningUnix(true);
  const facts = new Map<number, ProcessFacts>();
  const listeners: UnixListener[] = [];
  for (let i = 0; i < paths.length; i++)
    listeners.push(listenerRecord(inodes[i], paths[i], pids[i] < 0 ? undefined : pids[i], facts, unreadable));
  return listeners;
}

/**
 * Finds the listener bound to an absolute path or '@abstract' name, if any. An abstract name also
 * matches its NUL-padded form, which is what Node < 22 binds and connects to.
 */
export async function findUnixListener(
  pathOrAbstract: string,
  native: NativeDiscovery | null = nativeDiscovery(),
): Promise<UnixListener | undefined> {
  let read = await readListeners(native);
  let rows = rowsNamed(read.rows, pathOrAbstract);
  // A socket closed while the table was read can make the kernel skip the next row (see readTable), so
  // "nobody listens" is said only after a second reading.
  if (rows.length === 0) rows = rowsNamed((read = await readListeners(native)).rows, pathOrAbstract);
  if (rows.length === 0) return undefined;
  // The checks marked "text table" below defend against a row forged inside a socket name, which only the
  // text of /proc/net/unix can hold; the socket diagnostics give each name as its own bytes.
  // Text table: an abstract name has no file to unlink, so only one socket can hold it: a second row was
  // forged inside another socket's name, and which row is real cannot be told from the table.
  if (!read.exact && pathOrAbstract.startsWith('@') && rows.length > 1)
    return unattributed(
      rows[0],
      `the kernel's table shows ${rows.length} listeners named ${pathOrAbstract}, where only one can be bound (a row forged inside a socket name)`,
    );
  // Two listeners can share a name when the first one's file was unlinked and the path bound again;
  // the newest bind has the larger inode, and it is the one a connect reaches.
  const newest = rows.reduce((a, b) => (b.inode > a.inode ? b : a));
  // Text table: a forged row may copy the inode of another kind of socket.
  if (!read.exact && isOtherKindOfSocket(newest.inode))
    return unattributed(
      newest,
      `the kernel's row for ${pathOrAbstract} names a socket that is not a Unix socket (a row forged inside a socket name)`,
    );
  // Text table: a row whose socket is copied inside another name gets no process from resolveListeners.
  const listener = (await resolveListeners([newest]))[0];
  // Text table: a row forged inside a name whose file was unlinked cannot be told from a real one
  // when it copies the inode of a socket in another network namespace, which no table here shows; the fd
  // walk would then lend that socket's process to the row. A real listener's holder is in this namespace.
  if (!read.exact && listener.pid !== null && !inThisNetworkNamespace(listener.pid))
    return {
      ...listener,
      pid: null,
      command: null,
      processUid: null,
      unknownReason: `the socket the kernel's table names for ${pathOrAbstract} is held by pid ${listener.pid}, which is in another network namespace (a row forged inside a socket name looks the same)`,
    };
  return listener;
}

/**
 * The named listening rows, and whether they are exact (from the kernel's socket diagnostics, not its text
 * table); no rows where /proc does not exist.
 */
async function readListeners(native: NativeDiscovery | null): Promise<{ rows: ProcUnixRow[]; exact: boolean }> {
  if (native) {
    const { inodes, types, paths, source } = await native.listeningUnix();
    const rows = paths.map((path, i) => ({ inode: inodes[i], flags: SO_ACCEPTCON, type: types[i], state: 1, path, listening: true }));
    return { rows, exact: source === 'diag' };
  }
  try {
    const rows = readTable(() => readProcTable(`${PROC}/net/unix`), isSocketFile, true, READINGS).filter((row) => row.path !== '');
    return { rows, exact: false };
  } catch {
    return { rows: [], exact: false };
  }
}

function inThisNetworkNamespace(pid: number): boolean {
  try {
    return readlinkSync(`${PROC}/${pid}/ns/net`) === readlinkSync(`${PROC}/self/ns/net`);
  } catch {
    return false; // gone, or not ours to look at: not known to be here
  }
}

/** The world-readable socket tables of other kinds, and which column holds the inode of each row. */
const OTHER_SOCKET_TABLES: [string, number][] = [
  ...['tcp', 'tcp6', 'udp', 'udp6', 'udplite', 'udplite6', 'raw', 'raw6', 'netlink'].map((name): [string, number] => [name, 9]),
  ['packet', 8],
];

/**
 * Whether an inode from /proc/net/unix belongs to a socket of another kind. A row forged inside a socket
 * name (see procNetUnix.ts) can copy any inode a user can read, and these tables show every user's; a
 * copied Unix inode is caught by the parser, this catches the rest, so that the fd walk never lends another
 * process to a forged row.
 */
function isOtherKindOfSocket(inode: number): boolean {
  const wanted = String(inode);
  for (const [name, column] of OTHER_SOCKET_TABLES) {
    let text: string;
    try {
      text = readFileSync(`${PROC}/net/${name}`, 'latin1');
    } catch {
      continue; // not in this kernel
    }
    for (const line of text.split('\n')) if (line.trim().split(/\s+/)[column] === wanted) return true;
  }
  return false;
}

function rowsNamed(all: ProcUnixRow[], pathOrAbstract: string): ProcUnixRow[] {
  const rows = all.filter((row) => row.path === pathOrAbstract);
  if (rows.length > 0 || !pathOrAbstract.startsWith('@')) return rows;
  const padded = paddedAbstractPath(pathOrAbstract);
  return all.filter((row) => row.path === padded);
}

/** Node < 22 pads abstract names with NULs to the whole sun_path; /proc shows each NUL as '@'. */
export function paddedAbstractPath(abstractPath: string): string {
  return abstractPath.padEnd(SUN_PATH_BYTES, '@');
}

/** The named listening Unix sockets' rows; empty where /proc does not exist. */
export async function readListeningRows(native: NativeDiscovery | null = nativeDiscovery()): Promise<ProcUnixRow[]> {
  return (await readListeners(native)).rows;
}

function isSocketFile(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isSocket() ?? false;
  } catch {
    return false;
  }
}

/**
 * Reads a procfs table in as few read() calls as possible. The kernel walks /proc/net/unix from the start
 * of its hash table at every read, so readFileSync's small chunks cost O(n²) with thousands of sockets.
 * Sync on purpose: the kernel hands over a page per call, and nothing else should run between pages.
 */
function readProcTable(file: string): string {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(1 << 20);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // UTF-8, as Node decodes the names readdir returns, so both spell a non-ASCII path alike.
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Matches rows to processes by walking the fd links in JavaScript, and builds the listener records. A row
 * whose socket a forged row copies gets no process: the process might be lent to the forged print.
 */
async function resolveListeners(rows: ProcUnixRow[]): Promise<UnixListener[]> {
  const found = await findSocketOwners(new Set(rows.filter((row) => !row.copied).map((row) => row.inode)));
  const facts = new Map<number, ProcessFacts>();
  return rows.map((row) =>
    row.copied
      ? unattributed(
          row,
          `unknown (the kernel's table prints the socket named ${row.path} more than once: a row forged inside a socket name copies it, so which process holds it cannot be told)`,
        )
      : listenerRecord(row.inode, row.path, found.pids.get(row.inode), facts, found.unreadable),
  );
}

/** A listener the table lists but no process may be lent to, and why. */
function unattributed(row: ProcUnixRow, unknownReason: string): UnixListener {
  return { inode: row.inode, path: row.path, pid: null, command: null, processUid: null, unknownReason };
}

/** One listener; `facts` caches each process's command line and uid across the records of one run. */
function listenerRecord(
  inode: number,
  path: string,
  pid: number | undefined,
  facts: Map<number, ProcessFacts>,
  unreadable: number,
): UnixListener {
  if (pid === undefined) return { inode, path, pid: null, command: null, processUid: null, unknownReason: unknownReason(path, unreadable) };
  let proc = facts.get(pid);
  if (!proc) facts.set(pid, (proc = readProcessFacts(pid)));
  return { inode, path, pid, command: proc.command, processUid: proc.uid };
}

/** The pids in /proc, ascending; none where /proc does not exist. */
function listPids(): number[] {
  try {
    return readdirSync(PROC)
      .filter(isPid)
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

/**
 * Walks /proc/<pid>/fd once, reading each link, until every wanted inode has an owner.
 * Pids are visited in ascending order, so a socket shared after fork() is reported for its parent.
 */
async function findSocketOwners(wanted: Set<number>): Promise<SocketOwners> {
  const pids = new Map<number, number>();
  let unreadable = 0;
  if (wanted.size === 0) return { pids, unreadable };
  let visited = 0;
  for (const pid of listPids()) {
    if (++visited % PIDS_PER_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const dir = `${PROC}/${pid}/fd/`;
    let fds: string[];
    try {
      fds = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EACCES') unreadable++;
      continue; // the process ended, or is not ours to read
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(dir + fd);
      } catch {
        continue; // the fd closed meanwhile
      }
      // "socket:[12345]"
      if (link.charCodeAt(0) !== 115 /* s */ || !link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      if (wanted.has(inode) && !pids.has(inode)) {
        pids.set(inode, pid);
        if (pids.size === wanted.size) return { pids, unreadable };
      }
    }
  }
  return { pids, unreadable };
}

function isPid(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** The command line and effective uid of a process; null fields when it ended or is hidden. */
export function readProcessFacts(pid: number): ProcessFacts {
  let command: string | null = null;
  let uid: number | null = null;
  try {
    const cmdline = readFileSync(`${PROC}/${pid}/cmdline`, 'utf8');
    // One line: NULs between arguments, and any newlines inside them (node -e scripts), become single spaces.
    command = cmdline.replace(/[\0\s]+/g, ' ').trim() || null;
  } catch {
    // keep null
  }
  try {
    const status = readFileSync(`${PROC}/${pid}/status`, 'utf8');
    // "Uid:\treal\teffective\tsaved\tfs"
    const match = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
    if (match) uid = Number(match[2]);
    if (command === null) command = /^Name:\s*(.*)$/m.exec(status)?.[1] ?? null;
  } catch {
    // keep null
  }
  return { command, uid };
}

/** Says why no pid was found, from facts only. */
function unknownReason(path: string, unreadable: number): string {
  if (!path.startsWith('@')) {
    try {
      const stat = lstatSync(path);
      if (stat.isSocket()) return `unknown (owned by uid ${stat.uid})`;
    } catch {
      // the file is gone or unreadable; fall through
    }
  }
  if (unreadable > 0) {
    return `unknown (${unreadable} processes of other users cannot be inspected by uid ${process.getuid?.() ?? '?'})`;
  }
  return 'unknown (no visible process holds it; it may belong to another PID namespace)';
}
