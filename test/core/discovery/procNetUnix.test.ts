import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { listeningRows, parseProcNetUnix, readTable } from '../../../src/ipc/discovery/procNetUnix';

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

/** A row as the kernel prints it: listening when `listening`, else a connection; the path when given. */
const row = (inode: number, path?: string, listening = true) =>
  `0000000000000000: 00000002 00000000 ${listening ? '00010000 0001 01' : '00000000 0001 03'} ${String(inode).padStart(5)}${path === undefined ? '' : ' ' + path}`;
const table = (...rows: string[]) => ['Num       RefCount Protocol Flags    Type St Inode Path', ...rows, ''].join('\n');
const readings = (...texts: string[]) => {
  let next = 0;
  return () => texts[Math.min(next++, texts.length - 1)];
};

test('a row printed again after a page that started early is the same socket, listed once, and names stay whole', () => {
  // The second page began one row early: 30002 is printed again, right after a named listener.
  const churned = table(
    row(30001, '/run/a.sock'),
    row(30002, '/run/b.sock'),
    row(30003, '/run/c.sock'),
    row(30002, '/run/b.sock'),
    row(30004, '/run/d.sock'),
  );
  const calm = table(row(30001, '/run/a.sock'), row(30002, '/run/b.sock'), row(30003, '/run/c.sock'), row(30004, '/run/d.sock'));
  const rows = readTable(readings(churned, calm), () => false, true, 3);
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30001, '/run/a.sock'],
      [30002, '/run/b.sock'],
      [30003, '/run/c.sock'],
      [30004, '/run/d.sock'],
    ],
  );
});

test('a row printed again in every reading is taken as forged inside the name before it', () => {
  const forged = table(row(30001, '/run/b.sock'), row(30002, `/tmp/x\n${row(30001, '@victim')}`));
  const rows = readTable(readings(forged), () => false, true, 3);
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30001, '/run/b.sock'],
      [30002, `/tmp/x\n${row(30001, '@victim')}`],
    ],
  );
});

test("a forged row's real print is listed even where it follows a name: the print that fits a name best is the one taken in", () => {
  const crafted = `/tmp/x/c\n${row(30001, '@victim')}`;
  const isSocketFile = (path: string) => path === '/tmp/x/c' || path === crafted || path === '/run/b.sock' || path === '/run/a.sock';
  const expected = [
    [30003, '/run/a.sock'],
    [30002, crafted],
    [30001, '/run/b.sock'],
  ];
  // The real row right after the crafted name, then right after another name: both orders the kernel may print.
  for (const text of [
    table(row(30003, '/run/a.sock'), row(30002, crafted), row(30001, '/run/b.sock')),
    table(row(30003, '/run/a.sock'), row(30001, '/run/b.sock'), row(30002, crafted)),
  ]) {
    const rows = readTable(readings(text), isSocketFile, true, 3);
    assert.deepEqual(
      rows.filter((r) => r.copied).map((r) => r.inode),
      [30001],
      'the row left for a copied socket is marked, whichever print it is',
    );
    assert.deepEqual(
      rows.map((r) => [r.inode, r.path]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
      expected.slice().sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
  }
  // An abstract name has no file to ask: a name too long to bind is what rules the later print out.
  const abstract = `@c\n${row(30001, '@victim')}`;
  const rows = readTable(readings(table(row(30002, abstract), row(30001, '/run/b.sock'))), () => false, true, 3);
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30002, abstract],
      [30001, '/run/b.sock'],
    ],
  );
});

test('two forged copies of a row nobody holds are both taken into their names', () => {
  // Two crafted socket files, each holding the same made-up listening row; no real row has its inode.
  const c = `/tmp/x/c\n${row(4242424, '@gi-forged')}`;
  const f = `/tmp/x/f\n${row(4242424, '/x/forged.sock')}`;
  const isSocketFile = (path: string) => ['/tmp/x/c', c, '/tmp/x/f', f].includes(path);
  const rows = readTable(readings(table(row(30001, c), row(30002, f))), isSocketFile, true, 3);
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30001, c],
      [30002, f],
    ],
  );
});

test('a reprint seen in one reading only is not forged, even when the next reading has another reprint', () => {
  const first = table(row(30001, '/run/a.sock'), row(30002, '/run/b.sock'), row(30001, '/run/a.sock'));
  const second = table(row(30001, '/run/a.sock'), row(30002, '/run/b.sock'), row(30002, '/run/b.sock'));
  let read = 0;
  const rows = readTable(
    () => [first, second][read++],
    () => false,
    true,
    3,
  );
  assert.equal(read, 2, 'stops reading once no inode is repeated in every reading');
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30001, '/run/a.sock'],
      [30002, '/run/b.sock'],
    ],
  );
});

test('sockets being torn down all print inode 0, which never makes a row forged', () => {
  const text = table(row(30001, '/run/a.sock'), row(0, '/run/a.sock', false), row(30002, '/run/b.sock'), row(0, '/run/b.sock', false));
  const rows = readTable(readings(text), () => false, true, 3);
  assert.deepEqual(
    rows.map((r) => [r.inode, r.path]),
    [
      [30001, '/run/a.sock'],
      [30002, '/run/b.sock'],
    ],
  );
});
