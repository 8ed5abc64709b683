import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listeningRows, parseProcNetUnix } from '../../../src/ipc/discovery/procNetUnix';

const fixture = readFileSync(path.resolve(__dirname, '../../fixtures/proc-net-unix.txt'), 'latin1');

test('parses every well-formed row and skips the header and garbage', () => {
  const rows = parseProcNetUnix(fixture);
  assert.equal(rows.length, 14);
  assert.deepEqual(rows[0], { inode: 21001, flags: 0x10000, type: 1, state: 1, path: '/run/app/api.sock', listening: true });
});

test('accepted-connection rows repeat the path but are not listeners', () => {
  const listeners = listeningRows(fixture).filter((row) => row.path === '/run/app/api.sock');
  assert.deepEqual(
    listeners.map((row) => row.inode),
    [21001],
  );
  const all = parseProcNetUnix(fixture).filter((row) => row.path === '/run/app/api.sock');
  assert.equal(all.length, 3);
});

test('keeps spaces inside paths, abstract names with @, and skips rows with no path', () => {
  const paths = listeningRows(fixture).map((row) => row.path);
  assert.ok(paths.includes('/tmp/my dir/with  spaces.sock'));
  assert.ok(paths.includes('@gi-demo'));
  assert.ok(paths.includes('@/tmp/.X11-unix/X0'));
  assert.ok(!paths.includes(''));
  assert.ok(!listeningRows(fixture).some((row) => row.inode === 21007 || row.inode === 21008));
});

test('a flag without the listening state, or the state without the flag, is not listening', () => {
  const byInode = new Map(parseProcNetUnix(fixture).map((row) => [row.inode, row]));
  assert.equal(byInode.get(21010)!.listening, false); // datagram /dev/log
  assert.equal(byInode.get(21013)!.listening, false); // bound, never listen()ed
  assert.equal(byInode.get(21009)!.listening, true); // seqpacket listeners count
  assert.equal(byInode.get(21009)!.type, 5);
});

test('a path re-bound after its file was deleted shows up twice with different inodes', () => {
  const rows = listeningRows(fixture).filter((row) => row.path === '/run/old/deleted.sock');
  assert.deepEqual(
    rows.map((row) => row.inode),
    [21011, 21012],
  );
});

test('short inodes padded with spaces still parse, and odd input yields nothing', () => {
  assert.ok(listeningRows(fixture).some((row) => row.inode === 9999 && row.path === '/short-inode.sock'));
  assert.deepEqual(parseProcNetUnix(''), []);
  assert.deepEqual(parseProcNetUnix('Num RefCount Protocol Flags Type St Inode Path\n'), []);
});
