// Parser for Linux's /proc/net/unix. Kept apart from the fs code so tests can feed it fixture text.

/** __SO_ACCEPTCON: the kernel sets it on a socket that called listen(). */
export const SO_ACCEPTCON = 0x10000;
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

/** One row: address, RefCount, Protocol, Flags, Type, St, Inode, then one space and the path (which may hold spaces and carriage returns; only a newline ends it). */
const ROW = /^\s*[0-9a-fA-F]+: [0-9A-F]+ [0-9A-F]+ ([0-9A-F]+) ([0-9A-F]+) ([0-9A-F]+) +(\d+)(?: ([^\n]*))?$/gm;
/**
 * Only listening rows: the 0x10000 bit is the fourth of eight hex digits of Flags, and St is 01.
 * A regex runs in compiled code even in a fresh process, which a hand-written character loop does not.
 */
const LISTENING_ROW = /^\s*[0-9a-fA-F]+: [0-9A-F]+ [0-9A-F]+ ([0-9A-F]{3}[13579BDF][0-9A-F]{4}) ([0-9A-F]+) (01) +(\d+)(?: ([^\n]*))?$/gm;

/** Parses the text of /proc/net/unix (`Num RefCount Protocol Flags Type St Inode Path`). */
export function parseProcNetUnix(text: string): ProcUnixRow[] {
  return parseRows(text, ROW);
}

/** Only the rows of listening sockets that have a name (unnamed listeners cannot be reached). */
export function listeningRows(text: string): ProcUnixRow[] {
  return parseRows(text, LISTENING_ROW).filter((row) => row.path !== '');
}

function parseRows(text: string, pattern: RegExp): ProcUnixRow[] {
  const rows: ProcUnixRow[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const flags = parseInt(match[1], 16);
    const state = parseInt(match[3], 16);
    rows.push({
      inode: Number(match[4]),
      flags,
      type: parseInt(match[2], 16),
      state,
      path: match[5] ?? '',
      listening: (flags & SO_ACCEPTCON) !== 0 && state === STATE_UNCONNECTED,
    });
  }
  return rows;
}
