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
  /**
   * Set when every reading printed this inode more than once: a row forged inside some name copies it, so
   * which print is the real row is only a guess (see readTable), and no process may be lent to it.
   */
  copied?: true;
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
 * part of that name too, crafted to hold a row, when its inode is on another row (a forged row must copy
 * a real inode to pass for a process's socket), or when the row before names a path that is no socket
 * file while the path joined with the line is one.
 */
export function parseProcNetUnix(text: string, isSocketFile: IsSocketFile = () => false): ProcUnixRow[] {
  return readTable(() => text, isSocketFile, false, 1);
}

/** Only the rows of listening sockets that have a name (unnamed listeners cannot be reached). */
export function listeningRows(text: string, isSocketFile: IsSocketFile = () => false): ProcUnixRow[] {
  return readTable(() => text, isSocketFile, true, 1).filter((row) => row.path !== '');
}

/**
 * Reads the table through `read` and parses it. The kernel hands the table over a page at a time and lets
 * go of its lock in between, so a socket bound or closed meanwhile makes the next page start a row early
 * or late: a real row is printed twice, or not at all. A row forged inside a name is printed at every
 * reading, a reprint hardly ever at the same inode again, so only an inode printed twice in each of
 * `readings` readings counts as forged; another reprint is dropped as the row it repeats. Which of a
 * forged inode's prints are taken into the name before them is settled by `takenPrints`, so that the real
 * row, which may itself follow a name, is listed under its own; the rows left are marked `copied`.
 */
export function readTable(read: () => string, isSocketFile: IsSocketFile, onlyListening: boolean, readings: number): ProcUnixRow[] {
  let text = read();
  let parsed = parseRows(text, isSocketFile, onlyListening, NO_FORGED);
  let suspects = parsed.again;
  for (let reading = 1; suspects.size > 0 && reading < readings; reading++) {
    text = read();
    parsed = parseRows(text, isSocketFile, onlyListening, NO_FORGED);
    const again = parsed.again;
    suspects = new Set([...suspects].filter((inode) => again.has(inode)));
  }
  if (suspects.size === 0) return parsed.rows;
  const prints = parseRows(text, isSocketFile, onlyListening, { inodes: suspects }).prints;
  return parseRows(text, isSocketFile, onlyListening, { inodes: suspects, at: takenPrints(prints) }).rows;
}

/**
 * The inodes printed twice in every reading, and which of their prints a parse takes into the name before
 * them: those at the offsets in `at`, or, without it, every print that follows a named row.
 */
interface Forged {
  inodes: ReadonlySet<string>;
  at?: ReadonlySet<number>;
}
const NO_FORGED: Forged = { inodes: new Set() };

/** A print of a forged inode: where it starts, and how well it fits the name before it (none after no name). */
interface Print {
  inode: string;
  at: number;
  fit: number | undefined;
}

/**
 * Which prints of the forged inodes are part of a name. At most one print of an inode is its real row,
 * and a forged print always follows a name. So a print whose joined name is a socket file is taken in;
 * when another print follows no name, that one is the real row and every print after a name is taken in;
 * otherwise the print that fits worst is left as the real row (the first on a tie), and the rest taken in.
 */
function takenPrints(prints: Print[]): Set<number> {
  const taken = new Set<number>();
  const byInode = new Map<string, Print[]>();
  for (const print of prints) {
    const same = byInode.get(print.inode);
    if (same) same.push(print);
    else byInode.set(print.inode, [print]);
  }
  for (const all of byInode.values()) {
    for (const print of all) if (print.fit === FITS) taken.add(print.at);
    const open = all.filter((print): print is Print & { fit: number } => print.fit !== undefined && print.fit < FITS);
    const real = all.some((print) => print.fit === undefined)
      ? undefined
      : open.reduce<(typeof open)[number] | undefined>((worst, print) => (worst && worst.fit <= print.fit ? worst : print), undefined);
    for (const print of open) if (print !== real) taken.add(print.at);
  }
  return taken;
}

/**
 * How well a row-shaped line fits as the rest of a name: a name no socket could bind (sun_path is too
 * short) not at all; a path that is a socket file once joined, best; a path that is not, poorly; an
 * abstract name has no file to ask.
 */
function fit(name: string, line: string, isSocketFile: IsSocketFile): number {
  const joined = `${name}\n${line}`;
  if (Buffer.byteLength(joined) >= SUN_PATH_BYTES) return -2;
  if (!name.startsWith('/')) return 0;
  return isSocketFile(joined) ? FITS : -1;
}

/** The fit of a line whose joined name is a socket file: it is part of that name. */
const FITS = 1;

/**
 * One regex scan over the whole text (compiled code, even in a fresh process); the text between two
 * matches is the lines that continue the name of the row before. With `onlyListening`, no object is
 * made for other rows, since most of the table is connections. `forged` says which prints of which inodes
 * belong to the name before them; any other inode printed again is a reprint and left out.
 */
function parseRows(
  text: string,
  isSocketFile: IsSocketFile,
  onlyListening: boolean,
  forged: Forged,
): { rows: ProcUnixRow[]; again: Set<string>; prints: Print[] } {
  const rows: ProcUnixRow[] = [];
  /** The row before, and whether it carries a name that a continuation may extend. */
  let previous: ProcUnixRow | undefined;
  let named = false;
  let end = -1;
  const seen = new Set<string>();
  const again = new Set<string>();
  /** The inodes of the rows made so far; a row-shaped line taken into a name is none. */
  const made = new Set<string>();
  const prints: Print[] = [];
  ROWS.lastIndex = 0;
  for (let match = ROWS.exec(text); match !== null; match = ROWS.exec(text)) {
    if (previous && named && match.index > end + 1) previous.path += `\n${text.slice(end + 1, match.index - 1)}`;
    end = match.index + match[0].length;
    // Every socket being torn down prints inode 0, and the fd walk finds no owner for 0.
    if (match[4] !== '0') (seen.has(match[4]) ? again : seen).add(match[4]);
    const flags = parseInt(match[1], 16);
    const state = parseInt(match[3], 16);
    const listening = (flags & SO_ACCEPTCON) !== 0 && state === STATE_UNCONNECTED;
    const isForged = forged.inodes.has(match[4]);
    const afterName = previous !== undefined && named;
    if (isForged && !forged.at)
      prints.push({ inode: match[4], at: match.index, fit: afterName ? fit(previous!.path, match[0], isSocketFile) : undefined });
    if (afterName && ((isForged && (forged.at?.has(match.index) ?? true)) || continuesPath(previous!, listening, match[0], isSocketFile))) {
      previous!.path += `\n${match[0]}`;
      continue;
    }
    named = match[5] !== undefined;
    const row: ProcUnixRow = { inode: Number(match[4]), flags, type: parseInt(match[2], 16), state, path: match[6] ?? '', listening };
    if (isForged) row.copied = true;
    // A reprint still takes the lines of its own name with it.
    const reprint = made.has(match[4]) && !isForged && match[4] !== '0';
    made.add(match[4]);
    if ((!onlyListening || listening) && !reprint) rows.push(row);
    previous = row;
  }
  // Lines after the last row continue its name too; the table ends with a newline of its own.
  if (previous && named && end + 1 < text.length) previous.path += `\n${text.slice(end + 1).replace(/\n$/, '')}`;
  return { rows, again, prints };
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
