import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { findListenerByConnect, inspectListenTarget, isListening } from '../../../src/ipc/launch/listenTarget';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function listen(server: net.Server, address: string | number): Promise<void> {
  return new Promise((resolve) => server.listen(address, () => resolve()));
}

test('a missing socket is free, a plain file blocks, a live socket is in use', async (t) => {
  const dir = tempDir(t);
  const sock = path.join(dir, 'a.sock');
  assert.deepEqual(await inspectListenTarget({ kind: 'unix', path: sock }, findListenerByConnect), { kind: 'free' });
  fs.writeFileSync(path.join(dir, 'file'), '');
  const blocked = await inspectListenTarget({ kind: 'unix', path: path.join(dir, 'file') }, findListenerByConnect);
  assert.equal(blocked.kind, 'blocked');
  const server = net.createServer();
  t.after(() => server.close());
  await listen(server, sock);
  assert.equal((await inspectListenTarget({ kind: 'unix', path: sock }, findListenerByConnect)).kind, 'in-use');
  assert.equal(await isListening({ kind: 'unix', path: sock }, findListenerByConnect), true);
});

test('a socket file left by a process that died is stale', { skip: process.platform === 'win32' }, async (t) => {
  const dir = tempDir(t);
  const sock = path.join(dir, 'stale.sock');
  // A child binds and is killed, so the file stays behind with nobody listening.
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(sock)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  assert.ok(fs.lstatSync(sock).isSocket());
  assert.deepEqual(await inspectListenTarget({ kind: 'unix', path: sock }, findListenerByConnect), { kind: 'stale', path: sock });
  assert.equal(await isListening({ kind: 'unix', path: sock }, findListenerByConnect), false);
});

test('TCP targets are in use when something accepts', async () => {
  const server = net.createServer();
  await listen(server, 0);
  const port = (server.address() as net.AddressInfo).port;
  assert.deepEqual(await inspectListenTarget({ kind: 'tcp', host: '127.0.0.1', port }, findListenerByConnect), {
    kind: 'in-use',
    listener: null,
  });
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await isListening({ kind: 'tcp', host: '127.0.0.1', port }, findListenerByConnect), false);
});
