// macOS has no /proc: `lsof -U -F pcuLftn` tells which process holds which bound Unix socket.
import { execFile } from 'node:child_process';

/** A bound Unix socket held by a process, as lsof reports it. */
export interface LsofSocket {
  pid: number;
  command: string | null;
  uid: number | null;
  user: string | null;
  fd: string;
  path: string;
}

/** The fields we ask lsof for: pid, command, uid, login, fd, type, name. */
export const LSOF_ARGS = ['-U', '-F', 'pcuLftn', '-w', '-n', '-P'];

/**
 * Parses `lsof -F` text. Each line is a field letter and a value; a `p` line starts a process set and
 * an `f` line starts a file inside it. Names like `->0x…` are peers of connected sockets, not bound paths,
 * and Linux's lsof appends " type=STREAM" and a state, which are dropped.
 */
export function parseLsofUnix(text: string): LsofSocket[] {
  const out: LsofSocket[] = [];
  let proc: { pid: number; command: string | null; uid: number | null; user: string | null } | undefined;
  let file: { fd: string; type: string | null; name: string | null } | undefined;
  const flush = () => {
    if (proc && file && (file.type === null || file.type === 'unix')) {
      const path = boundPath(file.name);
      if (path) out.push({ ...proc, fd: file.fd, path });
    }
    file = undefined;
  };
  for (const raw of text.split(/\r?\n|\0/)) {
    if (!raw) continue;
    const letter = raw[0];
    const value = raw.slice(1);
    switch (letter) {
      case 'p':
        flush();
        proc = { pid: Number(value), command: null, uid: null, user: null };
        break;
      case 'c':
        if (proc) proc.command = value;
        break;
      case 'u':
        if (proc) proc.uid = Number(value);
        break;
      case 'L':
        if (proc) proc.user = value;
        break;
      case 'f':
        flush();
        file = { fd: value, type: null, name: null };
        break;
      case 't':
        if (file) file.type = value.toLowerCase();
        break;
      case 'n':
        if (file) file.name = value;
        break;
      default:
        break; // fields we did not ask for
    }
  }
  flush();
  return out;
}

function boundPath(name: string | null): string | null {
  if (!name) return null;
  const clean = name.replace(/\s+type=\w+.*$/, '').replace(/\s+\((LISTEN|CONNECTED|UNCONNECTED|CONNECTING|DISCONNECTING)\)$/, '');
  if (!clean.startsWith('/') && !clean.startsWith('@')) return null; // "->0x…", "0x…" or empty
  return clean.split('->')[0].trim() || null;
}

/** One entry per bound path; the lowest pid wins, as it is usually the parent of forked workers. */
export function lsofByPath(sockets: LsofSocket[]): Map<string, LsofSocket> {
  const map = new Map<string, LsofSocket>();
  for (const socket of sockets) {
    const seen = map.get(socket.path);
    if (!seen || socket.pid < seen.pid) map.set(socket.path, socket);
  }
  return map;
}

/** Runs lsof; resolves to null (with the reason) when it is missing or fails. */
export function runLsof(timeoutMs = 5000): Promise<{ sockets: LsofSocket[] } | { sockets: null; reason: string }> {
  return new Promise((resolve) => {
    execFile('lsof', LSOF_ARGS, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      // lsof exits 1 when some files could not be listed but still prints the rest.
      if (error && !stdout) resolve({ sockets: null, reason: `lsof is unavailable (${error.message.split('\n')[0]})` });
      else resolve({ sockets: parseLsofUnix(stdout) });
    });
  });
}
