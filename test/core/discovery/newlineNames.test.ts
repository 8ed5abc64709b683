// Socket names with newlines: /proc/net/unix prints a name raw, so its row breaks over several lines,
// and a hostile name can hold a whole forged row. Real sockets, read by both the JavaScript parser and
// the native reader, and listed by the CLI.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { checkExpectedOwner, inspectOwner } from '../../../src/ipc/owner';
import { findUnixListener, readListeningRows } from '../../../src/ipc/discovery/listeners';
import { nativeDiscovery } from '../../../src/ipc/discovery/native';
import { parseProcNetUnix } from '../../../src/ipc/discovery/procNetUnix';
import { runCli, useCliBundle } from '../../helpers/cliRunner';
import { isRoot, shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

const linuxOnly = process.platform !== 'linux' && 'reads /proc/net/unix (Linux)';
const cli = useCliBundle();
const FORGED_INODE = 4242424;

async function fixture(t: test.TestContext) {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const row = `0000000000000000: 00000002 00000000 00010000 0001 01 ${FORGED_INODE} `;
  // A file name holds no '/', so a forged row names an abstract socket, or a path through folders made for it.
  fs.mkdirSync(path.join(dir, `f\n${row}`, 'x'), { recursive: true });
  const names = {
    split: path.join(dir, 'a\nb.sock'),
    // After the newline, a listening row for a socket that does not exist, as a hostile user would write it.
    craftedAbstract: path.join(dir, `c\n${row}@gi-forged`),
    craftedPath: path.join(dir, `f\n${row}`, 'x', 'forged.sock'),
    twoLines: path.join(dir, 'd\n\ne.sock'),
  };
  for (const name of Object.values(names)) assert.ok(Buffer.byteLength(name) < 108, `${name.length} bytes`);
  const server = await startListenerProcess({ paths: Object.values(names) });
  t.after(() => server.close());
  return { dir, names, server };
}

const readers = [
  { name: 'JavaScript', native: null },
  { name: 'native', native: nativeDiscovery() },
];

for (const reader of readers) {
  const skip =
    linuxOnly ||
    (reader.native === undefined || (reader.name === 'native' && !reader.native) ? 'the native helpers are not built here' : false);
  test(
    `${reader.name}: a name with newlines is one listener under its real name, and a row inside a name is no row`,
    { skip },
    async (t) => {
      const { dir, names } = await fixture(t);
      const rows = (await readListeningRows(reader.native)).filter((row) => row.path.startsWith(dir) || row.inode === FORGED_INODE);
      assert.deepEqual(rows.map((row) => row.path).sort(), Object.values(names).sort());
      assert.ok(!rows.some((row) => row.inode === FORGED_INODE));
      assert.equal(new Set(rows.map((row) => row.inode)).size, 4);
    },
  );
}

test('discover lists each newline name once, escaped, with its listening process', { skip: linuxOnly }, async (t) => {
  const { dir, server } = await fixture(t);
  const run = await runCli(cli.path(), ['discover', '--no-probe', '--json', '--dir', dir]);
  assert.equal(run.code, 0, run.stderr);
  const found = (JSON.parse(run.stdout) as { path?: string; pid?: number | null }[]).filter((e) => e.path?.startsWith(`${dir}/`));
  assert.equal(found.length, 4, run.stdout);
  assert.deepEqual(
    found.map((entry) => entry.pid),
    [server.pid, server.pid, server.pid, server.pid],
    run.stdout,
  );
  const all = JSON.parse(run.stdout) as { path?: string; address: string }[];
  assert.ok(!all.some((entry) => /^[\w-]+:(@?gi-forged|\/x\/forged\.sock)$/.test(entry.address)), run.stdout);
  const table = await runCli(cli.path(), ['discover', '--no-probe', '--dir', dir]);
  assert.match(table.stdout, /a\\nb\.sock/);
  assert.doesNotMatch(table.stdout, /^\S*(@gi-forged|\/x\/forged\.sock)/m);
  assert.equal(table.stdout.split('\n').filter((line) => line.includes(path.basename(dir))).length, 4, table.stdout);
});

/**
 * An attacker, another uid, listens on an abstract name and binds a socket whose name holds a listening
 * row for that name with `inode`, beside a socket named as the part before the newline, so that the
 * file system cannot tell which reading is right. Resolves with the abstract name.
 */
async function forgeRow(t: test.TestContext, dir: string, inode: string): Promise<string> {
  const abstract = `gi-${Math.random().toString(36).slice(2, 8)}`;
  fs.chmodSync(dir, 0o777);
  const forged = path.join(dir, `c\n0000000000000000: 00000002 00000000 00010000 0001 01 ${inode} @${abstract}`);
  const attacker = await startListenerProcess({ abstract: [abstract], paths: [path.join(dir, 'c'), forged], uid: 4242 });
  t.after(() => attacker.close());
  return abstract;
}

const ownerSkip = linuxOnly || (!isRoot && 'needs root to run the attacker as another uid');
/** The owner check for this process's uid, which the forged rows try to pass; it reads the table as shipped (native where loaded). */
const ownerCheck = async (abstract: string) =>
  checkExpectedOwner(await inspectOwner({ kind: 'abstract', name: abstract }), String(process.getuid!()));

for (const reader of readers) {
  const skip = ownerSkip || (reader.name === 'native' && !reader.native && 'the native helpers are not built here');
  test(
    `${reader.name}: a row forged inside a name cannot lend the expected owner's Unix socket to an abstract listener`,
    { skip },
    async (t) => {
      // The expected owner's process: this one, with a listening socket whose inode the attacker copies.
      const dir = shortTempDir();
      t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
      const victim = net.createServer();
      await new Promise<void>((resolve) => victim.listen(path.join(dir, 'victim.sock'), resolve));
      t.after(() => victim.close());
      const victimInode = (await readListeningRows(reader.native)).find((row) => row.path === path.join(dir, 'victim.sock'))!.inode;
      const abstract = await forgeRow(t, dir, String(victimInode));
      if (reader.name === 'native' || !nativeDiscovery())
        assert.equal((await ownerCheck(abstract)).ok, false, 'the check passed on the forged row');
      const rows = await readListeningRows(reader.native);
      assert.ok(
        rows.some((row) => row.path.endsWith(`@${abstract}`) && row.path.startsWith(`${dir}/c\n`)),
        'the crafted name is one socket',
      );
      assert.deepEqual(
        rows.filter((row) => row.inode === victimInode).map((row) => row.path),
        [path.join(dir, 'victim.sock')],
      );
      if (reader.native) return;
      // The text table cannot tell which print of the victim's row is real, so the victim's name gets no process;
      // the abstract name, whose forged print was taken into the crafted name, gets its real holder.
      const victimListener = await findUnixListener(path.join(dir, 'victim.sock'), null);
      assert.equal(victimListener?.pid, null);
      assert.match(victimListener!.unknownReason!, /prints the socket named .* more than once/);
      assert.equal((await findUnixListener(`@${abstract}`, null))?.processUid, 4242);
    },
  );
}

test("a row forged inside a name cannot lend the expected owner's TCP socket to an abstract listener", { skip: ownerSkip }, async (t) => {
  // /proc/net/tcp shows every user's socket inodes, and the fd walk alone cannot tell a TCP socket's.
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const victim = net.createServer();
  await new Promise<void>((resolve) => victim.listen(0, '127.0.0.1', resolve));
  t.after(() => victim.close());
  const local = `0100007F:${(victim.address() as net.AddressInfo).port.toString(16).toUpperCase().padStart(4, '0')}`;
  const row = fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .find((line) => line.trim().split(/\s+/)[1] === local)!;
  const abstract = await forgeRow(t, dir, row.trim().split(/\s+/)[9]);
  const check = await ownerCheck(abstract);
  assert.equal(check.ok, false, 'the check passed on the forged row');
  if (await readsDiagnostics())
    // The kernel's socket diagnostics hold no forged rows: the name's real listener, the attacker, is named.
    assert.match(check.ok ? '' : check.message, /running as uid 4242, expected/);
  // Which of the two rows for the name the table lists last depends on inode numbers handed out per CPU;
  // either way the name is not lent to the expected owner, and the reason names the forged row.
  else assert.match(check.ok ? '' : check.message, /\(a row forged inside a socket name\)/);
});

/** Whether the owner check's reader (the native helpers, where built) asks the kernel's socket diagnostics. */
async function readsDiagnostics(): Promise<boolean> {
  return (await nativeDiscovery()?.listeningUnix())?.source === 'diag';
}

test('native, socket diagnostics: a name holding a row is listed whole, even once its file is unlinked', { skip: linuxOnly }, async (t) => {
  if (!(await readsDiagnostics())) return t.skip('the native helpers are not built here, or the kernel has no unix_diag');
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  // In the table's text, with the file gone, nothing tells this row from a real one.
  const crafted = path.join(dir, `c\n0000000000000000: 00000002 00000000 00010000 0001 01 ${FORGED_INODE} @gi-forged-${process.pid}`);
  const server = await startListenerProcess({ paths: [crafted] });
  t.after(() => server.close());
  fs.unlinkSync(crafted);
  const rows = (await readListeningRows()).filter((row) => row.path.startsWith(dir) || row.inode === FORGED_INODE);
  assert.deepEqual(
    rows.map((row) => row.path),
    [crafted],
  );
});

test('the parser joins a line that is not a row to the name before it, and only to a named row', () => {
  const row = (inode: number, rest: string) => `0000000000000000: 00000002 00000000 00010000 0001 01 ${inode}${rest}`;
  const text = [
    'Num       RefCount Protocol Flags    Type St Inode Path',
    row(1, ' /run/a'),
    'b.sock',
    '',
    row(2, ''),
    'stray',
    row(3, ' '),
    'c',
    '',
  ].join('\n');
  assert.deepEqual(
    parseProcNetUnix(text).map((r) => [r.inode, r.path]),
    [
      [1, '/run/a\nb.sock\n'],
      [2, ''],
      [3, '\nc'],
    ],
  );
});
