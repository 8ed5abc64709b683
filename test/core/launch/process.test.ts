import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeExit, ServerProcess } from '../../../src/ipc/launch/process';
import { waitUntilListening } from '../../../src/ipc/launch/ready';

const node = process.execPath;

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return !alive(pid);
}

function connects(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

test('streams output by line and reports the exit code', async () => {
  const lines: string[] = [];
  const child = ServerProcess.start(
    {
      command: node,
      args: ['-e', 'console.log("one\\ntwo"); console.error("oops"); process.stdout.write("tail"); process.exitCode = 3'],
      cwd: os.tmpdir(),
    },
    (stream, line) => lines.push(`${stream}:${line}`),
  );
  const exit = await child.exited;
  assert.deepEqual(exit, { kind: 'exited', code: 3, signal: null });
  assert.equal(describeExit(exit), 'exited with code 3');
  // Output may still be draining after 'exit'; wait for the streams to end.
  for (let i = 0; i < 100 && lines.length < 4; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(
    lines.filter((l) => l.startsWith('stdout')),
    ['stdout:one', 'stdout:two', 'stdout:tail'],
  );
  assert.deepEqual(
    lines.filter((l) => l.startsWith('stderr')),
    ['stderr:oops'],
  );
  assert.deepEqual(child.lastLines(2).length, 2);
});

test('a command that does not exist is reported, not thrown', async () => {
  const child = ServerProcess.start({ command: 'grpc-ipc-no-such-command', args: [], cwd: os.tmpdir() });
  const exit = await child.exited;
  assert.equal(exit.kind, 'spawn-failed');
  assert.match(describeExit(exit), /could not start: .*ENOENT/);
  assert.equal(await child.stop(), 'already-exited');
});

test('stop kills the whole process group, with SIGKILL when SIGTERM is ignored', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const pidFile = path.join(dir, 'grandchild.pid');
  // The leader ignores SIGTERM and starts a grandchild that also ignores it, as a wrapper script would.
  const script = `
    process.on('SIGTERM', () => {});
    const { spawn } = require('node:child_process');
    const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
    require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(g.pid));
    console.log('ready');
    setInterval(() => {}, 1000);`;
  const child = ServerProcess.start({ command: node, args: ['-e', script], cwd: dir });
  t.after(() => child.stop(0));
  const ready = await waitUntilListening(async () => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8') !== '', {
    exited: child.exited,
    timeoutMs: 20_000,
  });
  assert.equal(ready.kind, 'listening');
  const grandchild = Number(fs.readFileSync(pidFile, 'utf8'));
  assert.ok(alive(grandchild));
  assert.equal(await child.stop(200), 'killed');
  assert.deepEqual(child.exitStatus, { kind: 'exited', code: null, signal: 'SIGKILL' });
  assert.ok(await waitGone(grandchild), `grandchild ${grandchild} survived the group kill`);
});

test('stop ends a cooperative server with SIGTERM', { skip: process.platform === 'win32' }, async () => {
  const child = ServerProcess.start({ command: node, args: ['-e', 'console.log("up"); setInterval(() => {}, 1000)'], cwd: os.tmpdir() });
  assert.equal(await child.stop(10_000), 'terminated');
  assert.equal(describeExit(child.exitStatus!), 'was ended by SIGTERM');
});

test('waits until a real socket listens', async (t) => {
  const dir = tempDir(t);
  const sock = path.join(dir, 's.sock');
  // Listens only after a few event-loop turns, so the first probes fail.
  const child = ServerProcess.start({
    command: node,
    args: ['-e', `setTimeout(() => require('node:net').createServer().listen(${JSON.stringify(sock)}), 300)`],
    cwd: dir,
  });
  t.after(() => child.stop(0));
  let probes = 0;
  const outcome = await waitUntilListening(
    () => {
      probes++;
      return connects(sock);
    },
    { exited: child.exited, timeoutMs: 20_000, intervalMs: 50 },
  );
  assert.deepEqual(outcome, { kind: 'listening' });
  assert.ok(probes > 1);
});

test('an early exit ends the wait with the exit and the last log lines', async () => {
  const child = ServerProcess.start({
    command: node,
    args: ['-e', 'console.error("bind failed: EADDRINUSE"); process.exit(4)'],
    cwd: os.tmpdir(),
  });
  const outcome = await waitUntilListening(async () => false, { exited: child.exited, timeoutMs: 60_000 });
  assert.equal(outcome.kind, 'exited');
  assert.equal(outcome.kind === 'exited' && describeExit(outcome.exit), 'exited with code 4');
  for (let i = 0; i < 100 && child.lastLines().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(child.lastLines(), ['bind failed: EADDRINUSE']);
});

test('the wait can time out or be cancelled', async (t) => {
  const child = ServerProcess.start({ command: node, args: ['-e', 'setInterval(() => {}, 1000)'], cwd: os.tmpdir() });
  t.after(() => child.stop(0));
  const timeout = await waitUntilListening(async () => false, { exited: child.exited, timeoutMs: 150, intervalMs: 20 });
  assert.equal(timeout.kind, 'timeout');
  const controller = new AbortController();
  const waiting = waitUntilListening(async () => false, { exited: child.exited, timeoutMs: 60_000, signal: controller.signal });
  controller.abort();
  assert.deepEqual(await waiting, { kind: 'cancelled' });
});
