// The native helpers must see exactly what the JavaScript path sees, on real sockets and real files.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectChecks } from '../../../src/ipc/discovery/collect';
import { listUnixListeners, readListeningRows, type UnixListener } from '../../../src/ipc/discovery/listeners';
import { nativeDiscovery } from '../../../src/ipc/discovery/native';
import { scanSocketFiles, type ScanRoot } from '../../../src/ipc/discovery/scan';
import { shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

const native = nativeDiscovery();
const skip =
  process.platform !== 'linux'
    ? 'the native helpers are Linux only'
    : native === null &&
      'the native helpers are not loaded: not built (npm run build builds them where a C++ compiler is present), or GRPC_IPC_NATIVE=0';

/** A folder with live, stale and linked sockets among plain files, a skipped node_modules and a deep folder. */
async function fixture(t: test.TestContext) {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const sub of ['app', 'app/deeper', 'node_modules', 'empty']) fs.mkdirSync(path.join(dir, sub));
  for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `plain-${i}.txt`), '');
  const live = [
    path.join(dir, 'live.sock'),
    path.join(dir, 'app/api.sock'),
    path.join(dir, 'node_modules/hidden.sock'),
    path.join(dir, 'café ünï.sock'), // non-ASCII and a space: the kernel table and readdir must spell it alike
  ];
  const stale = path.join(dir, 'stale.sock');
  const tooDeep = path.join(dir, 'app/deeper/deep.sock');
  const server = await startListenerProcess({ paths: [...live, tooDeep], mode: 0o660 });
  t.after(() => server.close());
  const dead = await startListenerProcess({ paths: [stale] });
  await dead.crash();
  fs.symlinkSync(live[0], path.join(dir, 'link.sock'));
  fs.symlinkSync(path.join(dir, 'nowhere.sock'), path.join(dir, 'dangling.sock'));
  return { dir, live, stale, server };
}

/** What a scan found, in a form two scans can be compared by. */
function summary(result: Awaited<ReturnType<typeof scanSocketFiles>>) {
  return {
    sockets: result.sockets
      .map((s) => ({ path: s.path, target: s.target, uid: s.stat.uid, mode: s.stat.mode }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    truncated: result.truncated,
  };
}

test('the native folder scan finds what the JavaScript scan finds, links, depth and skips included', { skip }, async (t) => {
  const { dir, live, stale } = await fixture(t);
  const roots: ScanRoot[] = [{ dir, depth: 1, maxEntries: 10_000 }];
  const ours = summary(await scanSocketFiles(roots, native));
  assert.deepEqual(ours, summary(await scanSocketFiles(roots, null)));
  const found = ours.sockets.map((s) => path.basename(s.path)).sort();
  assert.deepEqual(found, ['api.sock', 'café ünï.sock', 'link.sock', 'live.sock', 'stale.sock']);
  assert.equal(ours.sockets.find((s) => s.path === path.join(dir, 'link.sock'))?.target, live[0]);
  assert.equal(ours.sockets.find((s) => s.path === stale)!.mode & 0o170000, 0o140000); // S_IFSOCK
  assert.equal(ours.sockets.find((s) => s.path === live[0])!.mode & 0o777, 0o660);
  // Sorted by name, so discovery's sort by path has only folders to merge.
  const listing = await native!.listDir(dir, 10_000);
  assert.ok('names' in listing);
  assert.deepEqual(listing.names, [...listing.names].sort());
  assert.ok(listing.names.length >= 8, listing.names.join());
});

test('the native scan stops at the same entry budget and reports the same truncated root', { skip }, async (t) => {
  const { dir } = await fixture(t);
  for (const maxEntries of [0, 1, 50, 150, 203, 204, 205, 10_000]) {
    const roots: ScanRoot[] = [{ dir, depth: 2, maxEntries }];
    const withNative = summary(await scanSocketFiles(roots, native));
    const withJs = summary(await scanSocketFiles(roots, null));
    assert.deepEqual(withNative.truncated, withJs.truncated, `truncated at budget ${maxEntries}`);
    assert.deepEqual(withNative, withJs, `budget ${maxEntries}`);
  }
});

test('a missing or unreadable folder is skipped by the native scan as by the JavaScript one', { skip }, async () => {
  const roots: ScanRoot[] = [{ dir: '/nonexistent/gi-native', depth: 2, maxEntries: 100 }];
  assert.deepEqual(summary(await scanSocketFiles(roots, native)), { sockets: [], truncated: [] });
});

test('native listeners carry the same pid, command and uid as the JavaScript fd walk', { skip }, async (t) => {
  const { dir, server } = await fixture(t);
  const key = (l: UnixListener) => `${l.inode} ${l.path} ${l.pid} ${l.command} ${l.processUid} ${l.unknownReason}`;
  // Other processes on the machine start and stop between the two walks, so only our listener's sockets
  // are compared: a socket either walk attributes to it, or one in its folder (even if left unattributed).
  const mine = (l: UnixListener) => l.pid === server.pid || l.path.startsWith(`${dir}${path.sep}`);
  const withNative = await listUnixListeners(native);
  assert.deepEqual(withNative.filter(mine).map(key).sort(), (await listUnixListeners(null)).filter(mine).map(key).sort());
  const ours = withNative.filter((listener) => listener.pid === server.pid);
  assert.equal(ours.length, 5, 'the five sockets of the listener process');
  assert.ok(ours.every((listener) => listener.processUid === process.getuid?.() && listener.command?.includes('node')));
});

test('native connect checks agree with node:net on live, stale, missing and non-socket paths', { skip }, async (t) => {
  const { dir, live, stale } = await fixture(t);
  const paths = [live[0], stale, path.join(dir, 'gone.sock'), path.join(dir, 'plain-1.txt')];
  const withNative = await connectChecks(paths, native);
  assert.deepEqual(withNative, await connectChecks(paths, null));
  assert.deepEqual([...withNative.values()], ['listening', 'refused', 'missing', 'refused']);
  // Too long for sun_path: Node 20 would silently connect to a truncated path; the native check says so.
  const long = path.join(dir, 'x'.repeat(120));
  assert.equal((await connectChecks([long], native)).get(long), 'unknown');
});

test('the native kernel-table reader returns the rows the JavaScript parser returns', { skip }, async (t) => {
  const { live } = await fixture(t);
  const key = (row: { inode: number; type: number; path: string }) => `${row.inode} ${row.type} ${row.path}`;
  const withNative = (await readListeningRows(native)).map(key).sort();
  assert.deepEqual(withNative, (await readListeningRows(null)).map(key).sort());
  for (const socket of live)
    assert.ok(
      withNative.some((row) => row.endsWith(` ${socket}`)),
      socket,
    );
});

test('past the entry budget, the native and JavaScript scans return the same sockets, spent in name order', { skip }, async (t) => {
  // Four folders of plain files and sockets, created out of name order so that the order the kernel lists
  // them in and the name order differ, and read at once by the thread pool.
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sockets: string[] = [];
  for (const sub of ['q', 'c', 'x', 'a']) {
    fs.mkdirSync(path.join(dir, sub));
    for (let i = 59; i >= 0; i--) {
      const name = `${String.fromCharCode(97 + ((i * 7) % 26))}${i}`;
      if (i % 15 === 3) sockets.push(path.join(dir, sub, `${name}.sock`));
      else fs.writeFileSync(path.join(dir, sub, `${name}.txt`), '');
    }
  }
  for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `top-${(i * 11) % 30}.txt`), '');
  sockets.push(path.join(dir, 'm.sock'));
  const server = await startListenerProcess({ paths: sockets });
  await server.crash(); // the files stay, which is all a scan looks at
  const total = 4 + 30 + 1 + 4 * 60;
  const seen: string[][] = [];
  const budgets = [...Array.from({ length: 31 }, (_, i) => i * 9), total - 1, total];
  for (const maxEntries of budgets) {
    const roots: ScanRoot[] = [{ dir, depth: 1, maxEntries }];
    const withNative = summary(await scanSocketFiles(roots, native));
    assert.deepEqual(withNative, summary(await scanSocketFiles(roots, null)), `budget ${maxEntries}`);
    seen.push(withNative.sockets.map((s) => s.path));
  }
  // A bigger budget finds everything a smaller one found, and the whole budget finds every socket.
  for (let i = 1; i < seen.length; i++)
    assert.ok(
      seen[i - 1].every((p) => seen[i].includes(p)),
      `budget step ${i}`,
    );
  assert.deepEqual([...seen[seen.length - 1]].sort(), [...sockets].sort());
  const cut = summary(await scanSocketFiles([{ dir, depth: 1, maxEntries: total - 1 }], native));
  assert.deepEqual(cut.truncated, [dir], 'one entry short of the whole tree');
});
