// Parser for Linux's /proc/net/unix. Kept apart from the fs code so tests can feed it fixture text.

/** __SO_ACCEPTCON: the kernel sets it on a socket that called listen(). */
const SO_ACCEPTCON = 0x10000;
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

/**
 * Parses the text of /proc/net/unix (`Num RefCount Protocol Flags Type St Inode Path`).
 * The path is everything after the inode and one space, so paths with spaces survive.
 */
export function parseProcNetUnix(text: string): ProcUnixRow[] {
  const rows: ProcUnixRow[] = [];
  let start = text.indexOf('\n') + 1; // skip the header
  if (start === 0) return rows;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const row = parseLine(text, start, end);
    if (row) rows.push(row);
    start = end + 1;
  }
  return rows;
}

/** Only the rows of listening sockets that have a name (unnamed listeners cannot be reached). */
export function listeningRows(text: string): ProcUnixRow[] {
  return parseProcNetUnix(text).filter((row) => row.listening && row.path !== '');
}

// Fields: "%pK: %08X %08X %08X %04X %02X %5lu[ path]". Scanning by hand avoids a regex and a split per
// line, which matters with thousands of sockets.
function parseLine(text: string, start: number, end: number): ProcUnixRow | undefined {
  const fields: string[] = [];
  let i = start;
  while (fields.length < 7) {
    while (i < end && text.charCodeAt(i) === 32) i++;
    if (i >= end) return undefined;
    const fieldStart = i;
    while (i < end && text.charCodeAt(i) !== 32) i++;
    fields.push(text.slice(fieldStart, i));
  }
  const flags = parseInt(fields[3], 16);
  const type = parseInt(fields[4], 16);
  const state = parseInt(fields[5], 16);
  const inode = Number(fields[6]);
  if (!Number.isInteger(inode) || Number.isNaN(flags) || Number.isNaN(state)) return undefined;
  // One space separates the inode from the path; the path itself may contain spaces.
  const path = i < end ? text.slice(i + 1, end) : '';
  return { inode, flags, type, state, path, listening: (flags & SO_ACCEPTCON) !== 0 && state === STATE_UNCONNECTED };
}
