import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { lsofByPath, parseLsofUnix } from '../../../src/ipc/discovery/lsof';

const fixture = readFileSync(path.resolve(__dirname, '../../fixtures/lsof-macos-unix.txt'), 'utf8');

test('lsof -F output gives pid, command, uid and user per bound path', () => {
  const sockets = parseLsofUnix(fixture);
  const dotnet = sockets.find((s) => s.path === '/var/folders/xy/abc123/T/socket.tmp');
  assert.deepEqual(dotnet, {
    pid: 5210,
    command: 'dotnet',
    uid: 501,
    user: 'alice',
    fd: '180',
    path: '/var/folders/xy/abc123/T/socket.tmp',
  });
  const node = sockets.find((s) => s.pid === 5333);
  assert.equal(node?.path, '/Users/alice/My Project/run/api server.sock');
});

test('peer names (->0x…) and non-unix files are skipped', () => {
  const sockets = parseLsofUnix(fixture);
  assert.ok(!sockets.some((s) => s.path.includes('->') || s.path.startsWith('0x')));
  assert.ok(!sockets.some((s) => s.path.includes('localhost:5000')));
  assert.equal(sockets.filter((s) => s.pid === 1).length, 2);
});

test('one owner per path, the lowest pid', () => {
  const byPath = lsofByPath(parseLsofUnix(fixture));
  assert.equal(byPath.get('/private/var/run/mDNSResponder')?.pid, 1);
  assert.equal(byPath.get('/var/folders/xy/abc123/T/socket.tmp')?.pid, 5210);
  assert.equal(byPath.size, 5);
});

test('NUL-terminated fields and the Linux lsof name suffix parse too', () => {
  const text = ['p42', 'cserver', 'u0', 'Lroot', 'f3', 'tunix', 'n/run/app.sock type=STREAM (LISTEN)', ''].join('\0');
  assert.deepEqual(parseLsofUnix(text), [{ pid: 42, command: 'server', uid: 0, user: 'root', fd: '3', path: '/run/app.sock' }]);
  assert.deepEqual(parseLsofUnix('p1\ncx\nf1\ntunix\nntype=STREAM\n'), []);
  assert.deepEqual(parseLsofUnix(''), []);
});
