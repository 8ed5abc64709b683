// Parser for Linux's /proc/net/unix. Kept apart from the fs code so tests can feed it fixture text.

/** __SO_ACCEPTCON: the kernel sets it on a socket that called listen(). */
export const SO_ACCEPTCON = 0x10000;
/** The size of sun_path on Linux: a bound name is shorter, and Node < 22 pads abstract names to it. */
export const SUN_PATH_BYTES = 108;
/** SS_UNCONNECTED, the state of a listening socket (accepted connections are SS_CONNECTED, 03). */
const STATE_UNCONNECTED = 1;

/** One row of /proc/net/unix. */
export interface ProcUnixRow {
  inode: number;
  flags: number;
  /** 1 SOCK_STREAM, 2 SOCK_DGRAM, 5 SOCK_SEQPACKET. */
  type: number;
  state: number;
  /** The bound name: an absolute path, `@name` for an abstract socket, or '' when unnamed. */
  path: string;
  listening: boolean;
}

/** Tells whether a path is a socket file; how the parser settles a name that holds a whole forged row. */
export type IsSocketFile = (path: string) => boolean;

/**
 * One row: address, RefCount, Protocol, Flags, Type, St, Inode, then one space and the path. The kernel
 * prints the path raw, so a newline in a name ends the line early and the rest of the name follows on
 * lines of its own.
 */
const ROWS = /^ *[0-9a-fA-F]+: [0-9A-F]+ [0-9A-F]+ ([0-9A-F]+) ([0-9A-F]+) ([0-9A-F]+) +([0-9]+)(?:( )([^\n]*))?$/gm;

/**
 * Parses the text of /proc/net/unix (`Num RefCount Protocol Flags Type St Inode Path`). A line that is
 * not a row continues the name of the row before it. A line after a named row that looks like a row is
 * part of that name too, crafted to hold a row, when its inode is on another row (the kernel prints each
 * socket once, and a forged row must copy a real inode to pass for a process's socket), or when the row
 * before names a path that is no socket file while the path joined with the line is one.
 */
export function parseProcNetUnix(text: string, isSocketFile: IsSocketFile = () => false): ProcUnixRow[] {
  return parseRows(text, isSocketFile, false);
}

/** Only the rows of listening sockets that have a name (unnamed listeners cannot be reached). */
export function listeningRows(text: string, isSocketFile: IsSocketFile = () => false): ProcUnixRow[] {
  return parseRows(text, isSocketFile, true).filter((row) => row.path !== '');
}

/**
 * One regex scan over the whole text (compiled code, even in a fresh process); the text between two
 * matches is the lines that continue the name of the row before. With `onlyListening`, no object is
 * made for other rows, since most of the table is connections.
 */
function parseRows(text: string, isSocketFile: IsSocketFile, onlyListening: boolean, repeated = new Set<string>()): ProcUnixRow[] {
  const rows: ProcUnixRow[] = [];
  /** The row before, and whether it carries a name that a continuation may extend. */
  let previous: ProcUnixRow | undefined;
  let named = false;
  let end = -1;
  const seen = new Set<string>();
  const again = new Set<string>();
  ROWS.lastIndex = 0;
  for (let match = ROWS.exec(text); match !== null; match = ROWS.exec(text)) {
    if (previous && named && match.index > end + 1) previous.path += `\n${text.slice(end + 1, match.index - 1)}`;
    end = match.index + match[0].length;
    (seen.has(match[4]) ? again : seen).add(match[4]);
    const flags = parseInt(match[1], 16);
    const state = parseInt(match[3], 16);
    const listening = (flags & SO_ACCEPTCON) !== 0 && state === STATE_UNCONNECTED;
    if (previous && named && (repeated.has(match[4]) || continuesPath(previous, listening, match[0], isSocketFile))) {
      previous.path += `\n${match[0]}`;
      continue;
    }
    named = match[5] !== undefined;
    const row = { inode: Number(match[4]), flags, type: parseInt(match[2], 16), state, path: match[6] ?? '', listening };
    if (!onlyListening || listening) rows.push(row);
    previous = row;
  }
  // Lines after the last row continue its name too; the table ends with a newline of its own.
  if (previous && named && end + 1 < text.length) previous.path += `\n${text.slice(end + 1).replace(/\n$/, '')}`;
  // An inode printed twice is known only at the end; it never happens without a forged row, so the
  // second reading that sets such lines apart costs nothing in the usual case.
  if (again.size > repeated.size) return parseRows(text, isSocketFile, onlyListening, again);
  return rows;
}

/**
 * Whether a row-shaped line is really the rest of a path name (see parseProcNetUnix). Checked only where a
 * listening row is at stake, since only those are listed; each check is a system call or two.
 */
function continuesPath(previous: ProcUnixRow, listening: boolean, line: string, isSocketFile: IsSocketFile): boolean {
  if (!previous.path.startsWith('/') || !(previous.listening || listening)) return false;
  const joined = `${previous.path}\n${line}`;
  // A name longer than sun_path cannot have been bound, so the line is a row of its own.
  if (Buffer.byteLength(joined) >= SUN_PATH_BYTES) return false;
  // The path alone first: a listener's own socket file usually exists, and then nothing else is asked.
  return !isSocketFile(previous.path) && isSocketFile(joined);
}
