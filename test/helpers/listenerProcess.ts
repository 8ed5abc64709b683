// Starts a real child process that binds and listens on Unix sockets, for discovery tests.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What the child should listen on. */
export interface ListenSpec {
  /** Socket file paths. */
  paths?: string[];
  /** Abstract names, without the leading NUL or '@'. */
  abstract?: string[];
  /** How the child answers a connection: hold it silently (default) or write an HTTP/1 reply. */
  reply?: 'silent' | 'http1';
  /** Run the child under this uid/gid (root only). */
  uid?: number;
  gid?: number;
  /** Socket file mode to apply after binding, e.g. 0o666. */
  mode?: number;
}

/** A running listener process. */
export interface ListenerProcess {
  pid: number;
  child: ChildProcess;
  /** Kills with SIGKILL, which leaves the socket files behind (stale). */
  crash(): Promise<void>;
  /** Closes the servers politely (files removed) and waits for exit. */
  close(): Promise<void>;
}

const childScript = `
const net = require('node:net');
const fs = require('node:fs');
const spec = JSON.parse(process.argv[1]);
const targets = [...(spec.paths || []), ...(spec.abstract || []).map((n) => '\\0' + n)];
const servers = [];
let pending = targets.length;
const done = () => { if (--pending === 0) process.stdout.write('ready\\n'); };
if (pending === 0) process.stdout.write('ready\\n');
for (const target of targets) {
  const server = net.createServer((socket) => {
    socket.on('error', () => {});
    if (spec.reply === 'http1') socket.end('HTTP/1.1 400 Bad Request\\r\\nContent-Length: 0\\r\\nConnection: close\\r\\n\\r\\n');
  });
  server.listen(target, () => {
    if (spec.mode !== undefined && !target.startsWith('\\0')) fs.chmodSync(target, spec.mode);
    done();
  });
  servers.push(server);
}
// A polite stop removes the files, as a well-behaved server does, without waiting for open connections.
process.on('SIGTERM', () => { for (const p of spec.paths || []) { try { fs.unlinkSync(p); } catch {} } process.exit(0); });
setInterval(() => {}, 1 << 30);
`;

/** Spawns a listener and waits until every socket listens. */
export function startListenerProcess(spec: ListenSpec): Promise<ListenerProcess> {
  const child = spawn(process.execPath, ['-e', childScript, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    uid: spec.uid,
    gid: spec.gid ?? spec.uid,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`listener exited early (${code}): ${stderr}`)));
    child.stdout!.once('data', () => {
      resolve({
        pid: child.pid!,
        child,
        async crash() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async close() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** A short temp dir (socket paths are limited to 107 bytes), removed by the caller. */
export function shortTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
}

/** A name unlikely to clash with other abstract sockets on the machine. */
export function uniqueAbstractName(label: string): string {
  return `gi-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export const isRoot = process.getuid?.() === 0;
