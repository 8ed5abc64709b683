// Issue 15, failure 2 and security item 5: the demo server never removes a path that is not its own
// socket, and its socket is never reachable with looser permissions than 0600.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startDemoServer } from '../../../src/ipc/demo/server';
import { demoClients, unary } from '../../helpers/demoClient';
import { tempDir } from './fixture';

test('stopping the demo server keeps a user file written where its deleted socket was', async (t) => {
  const socketPath = path.join(tempDir(t), 'd.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  fs.unlinkSync(socketPath);
  fs.writeFileSync(socketPath, 'user data');
  await server.close();
  assert.equal(fs.readFileSync(socketPath, 'utf8'), 'user data');
});

test('stopping an old demo server leaves the socket of a new one bound at the same path', async (t) => {
  const socketPath = path.join(tempDir(t), 'd.sock');
  const old = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  fs.unlinkSync(socketPath);
  const current = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => current.close());
  await old.close();
  assert.ok(fs.lstatSync(socketPath).isSocket(), 'the new server socket is still there');
  const clients = demoClients(current.endpoint);
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', { message: 'still reachable' })).message, 'still reachable');
});

test('stopping the demo server still removes its own socket', async (t) => {
  const socketPath = path.join(tempDir(t), 'd.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  await server.close();
  assert.equal(fs.existsSync(socketPath), false);
});

// A separate process stats the path in a tight loop and reports the mode it first sees, so the window
// between bind and chmod, if there is one, is caught from outside the server's event loop.
const WATCHER = `
const fs = require('node:fs');
const target = process.argv[1];
process.stdout.write('ready\\n');
const until = Date.now() + 20000;
while (Date.now() < until) {
  try { const s = fs.lstatSync(target); process.stdout.write((s.mode & 0o777).toString(8)); process.exit(0); } catch {}
}
process.exit(1);`;

test('with umask 000 the socket first appears at its path already owner-only (0600)', async (t) => {
  const socketPath = path.join(tempDir(t), 'd.sock');
  const watcher = spawn(process.execPath, ['-e', WATCHER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => watcher.kill());
  let seen = '';
  watcher.stdout.on('data', (chunk) => (seen += chunk));
  await new Promise<void>((resolve) => watcher.stdout.once('data', () => resolve()));
  const previous = process.umask(0);
  let server;
  try {
    server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  } finally {
    process.umask(previous);
  }
  t.after(() => server.close());
  await new Promise((resolve) => watcher.on('exit', resolve));
  assert.equal(seen.replace('ready\n', ''), '600');
});

test('the published socket path is never chmod-ed after it appears (inotify sees no attribute change)', async (t) => {
  const dir = tempDir(t);
  const socketPath = path.join(dir, 'd.sock');
  const events: string[] = [];
  const watcher = fs.watch(dir, (type, name) => events.push(`${type} ${name}`));
  t.after(() => watcher.close());
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => server.close());
  // inotify keeps events in order: once the sentinel's event arrives, every earlier one has too.
  fs.writeFileSync(path.join(dir, 'sentinel'), '');
  while (!events.some((event) => event.endsWith(' sentinel'))) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(events.includes('rename d.sock'), events.join(', '));
  assert.ok(!events.includes('change d.sock'), `the mode changed after the socket appeared: ${events.join(', ')}`);
});
