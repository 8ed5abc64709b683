import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import { inspectSocketPath } from '../../src/ipc/demo/socketFile';
import { demoClients, unary } from '../helpers/demoClient';
import { makeStaleSocket } from '../helpers/servers';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a stale socket file is removed and the server binds in its place', async (t) => {
  const socketPath = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socketPath);
  assert.deepEqual(await inspectSocketPath(socketPath), { kind: 'stale' });
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => server.close());
  const clients = demoClients(server.endpoint);
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', {})).message, 'hello');
});

test('a socket someone listens on is refused and left in place', async (t) => {
  const socketPath = path.join(tempDir(t), 'live.sock');
  const first = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => first.close());
  const inode = fs.statSync(socketPath).ino;
  await assert.rejects(startDemoServer({ listen: { kind: 'unix', path: socketPath } }), {
    name: 'IpcError',
    code: 'address-in-use',
    message: `Another server is already listening on ${socketPath}.`,
  });
  assert.equal(fs.statSync(socketPath).ino, inode);
  const clients = demoClients(first.endpoint);
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', { message: 'still here' })).message, 'still here');
});

test('a regular file or a folder at the path is refused and kept', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'file.sock'), 'data');
  await assert.rejects(startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'file.sock') } }), {
    name: 'IpcError',
    code: 'not-a-socket',
    message: /is a regular file, not a socket/,
  });
  assert.equal(fs.readFileSync(path.join(dir, 'file.sock'), 'utf8'), 'data');
  fs.mkdirSync(path.join(dir, 'folder.sock'));
  await assert.rejects(startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'folder.sock') } }), {
    code: 'not-a-socket',
    message: /is a directory/,
  });
});

test('a missing parent folder is created owner-only, and close removes the socket', async (t) => {
  const socketPath = path.join(tempDir(t), 'run', 'demo', 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  assert.equal(fs.statSync(path.dirname(socketPath)).mode & 0o777, 0o700);
  assert.equal(fs.statSync(socketPath).mode & 0o777, 0o600);
  await server.close();
  assert.equal(fs.existsSync(socketPath), false);
  await server.close();
});

test('a socket path longer than the system allows is refused before binding', async (t) => {
  const dir = tempDir(t);
  const socketPath = path.join(dir, `${'x'.repeat(120)}.sock`);
  await assert.rejects(startDemoServer({ listen: { kind: 'unix', path: socketPath } }), { name: 'IpcError', code: 'path-too-long' });
});
