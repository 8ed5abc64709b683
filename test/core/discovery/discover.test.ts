import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover, discoverReport, removeStaleSocket, type DiscoveredEndpoint } from '../../../src/ipc/discovery/discover';
import { parseTarget } from '../../../src/ipc/endpoint';
import { isIpcError } from '../../../src/ipc/errors';
import { isRoot, shortTempDir, startListenerProcess, uniqueAbstractName } from '../../helpers/listenerProcess';

const linux = process.platform === 'linux';
const onlyDir = (dir: string) => ({ defaultDirs: false, dirs: [dir], probe: false });
const byPath = (endpoints: DiscoveredEndpoint[], p: string) => endpoints.find((e) => e.path === p);
const codes = (endpoint: DiscoveredEndpoint | undefined) => endpoint?.warnings.map((w) => w.code) ?? [];

test('a live socket file gets pid, owner, mode and an address parseTarget reads', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  fs.chmodSync(dir, 0o700);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'live.sock');
  const child = await startListenerProcess({ paths: [socket], mode: 0o600 });
  t.after(() => child.close());

  const endpoint = byPath(await discover(onlyDir(dir)), socket);
  assert.ok(endpoint);
  assert.deepEqual(
    { ...endpoint, command: undefined },
    {
      kind: 'unix',
      address: `unix:${socket}`,
      path: socket,
      name: 'live.sock',
      listening: true,
      stale: false,
      uid: process.getuid!(),
      user: endpoint.user,
      mode: '0600',
      pid: child.pid,
      command: undefined,
      processUid: process.getuid!(),
      warnings: [],
      grpc: null,
    },
  );
  assert.match(endpoint.command!, /node/);
  assert.deepEqual(parseTarget(endpoint.address), { kind: 'unix', path: socket });
});

test(
  'a socket file whose listener died is stale, and removeStaleSocket removes only that',
  { skip: !linux && 'needs /proc' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const stale = path.join(dir, 'stale.sock');
    const live = path.join(dir, 'live.sock');
    const plain = path.join(dir, 'plain.sock');
    fs.writeFileSync(plain, 'not a socket');
    const dead = await startListenerProcess({ paths: [stale] });
    await dead.crash();
    const child = await startListenerProcess({ paths: [live] });
    t.after(() => child.close());

    const endpoints = await discover(onlyDir(dir));
    assert.equal(byPath(endpoints, stale)?.stale, true);
    assert.equal(byPath(endpoints, stale)?.listening, false);
    assert.equal(byPath(endpoints, live)?.stale, false);
    assert.equal(byPath(endpoints, plain), undefined, 'plain files are not endpoints');

    await assert.rejects(removeStaleSocket(live), (error) => isIpcError(error) && /not stale/.test(error.message));
    assert.ok(fs.existsSync(live));
    await assert.rejects(removeStaleSocket(plain), (error) => isIpcError(error) && error.code === 'not-a-socket');
    await removeStaleSocket(stale);
    assert.equal(fs.existsSync(stale), false);
    await assert.rejects(removeStaleSocket(stale), (error) => isIpcError(error) && error.code === 'socket-missing');
  },
);

test('a symlink to a socket is reported with both paths, and is never removed as stale', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'real'));
  const socket = path.join(dir, 'real', 'api.sock');
  const link = path.join(dir, 'api-link.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  fs.symlinkSync(socket, link);

  const endpoints = await discover(onlyDir(dir));
  const viaLink = byPath(endpoints, link);
  assert.ok(viaLink);
  assert.equal(viaLink.pid, child.pid);
  assert.equal(viaLink.listening, true);
  const warning = viaLink.warnings.find((w) => w.code === 'symlink-to-socket');
  assert.ok(warning && warning.message.includes(link) && warning.message.includes(socket));
  assert.equal(byPath(endpoints, socket)?.pid, child.pid);
  await assert.rejects(removeStaleSocket(link), (error) => isIpcError(error) && error.code === 'not-a-socket');
});

test(
  'a world-writable socket and a world-writable folder without the sticky bit are flagged',
  { skip: !linux && 'needs /proc' },
  async (t) => {
    const open = shortTempDir();
    const sticky = shortTempDir();
    fs.chmodSync(open, 0o777);
    fs.chmodSync(sticky, 0o1777);
    t.after(() => [open, sticky].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    const a = path.join(open, 'a.sock');
    const b = path.join(sticky, 'b.sock');
    const child = await startListenerProcess({ paths: [a, b], mode: 0o666 });
    t.after(() => child.close());

    const endpoints = await discover({ defaultDirs: false, dirs: [open, sticky], probe: false });
    assert.deepEqual(codes(byPath(endpoints, a)).sort(), ['insecure-directory', 'world-writable']);
    assert.deepEqual(codes(byPath(endpoints, b)), ['world-writable']);
    assert.equal(byPath(endpoints, a)?.mode, '0666');
  },
);

test(
  'a socket owned by another user, served by a root process, gets both owner warnings',
  { skip: !linux ? 'needs /proc' : !isRoot && 'chown to another uid needs root' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'theirs.sock');
    const child = await startListenerProcess({ paths: [socket] });
    t.after(() => child.close());
    fs.chownSync(socket, 65534, 65534);

    const endpoint = byPath(await discover(onlyDir(dir)), socket);
    assert.equal(endpoint?.uid, 65534);
    assert.equal(endpoint?.processUid, 0);
    assert.deepEqual(codes(endpoint).sort(), ['listener-uid-mismatch', 'other-user-owner']);
  },
);

test(
  'a listener run as another uid shows that uid; its own socket file raises no mismatch',
  { skip: !linux ? 'needs /proc' : !isRoot && 'needs root to start a process as another uid' },
  async (t) => {
    const dir = shortTempDir();
    fs.chmodSync(dir, 0o777);
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'nobody.sock');
    const child = await startListenerProcess({ paths: [socket], uid: 65534, gid: 65534 });
    t.after(() => child.close());
    const endpoint = byPath(await discover(onlyDir(dir)), socket);
    assert.equal(endpoint?.processUid, 65534);
    assert.equal(endpoint?.uid, 65534);
    assert.ok(codes(endpoint).includes('other-user-owner'));
    assert.ok(!codes(endpoint).includes('listener-uid-mismatch'));
  },
);

test('abstract listeners are listed with their name and the no-permissions warning', { skip: !linux && 'needs /proc' }, async (t) => {
  const name = uniqueAbstractName('disc');
  const child = await startListenerProcess({ abstract: [name] });
  t.after(() => child.close());
  const endpoints = await discover({ defaultDirs: false, probe: false });
  const endpoint = endpoints.find((e) => e.kind === 'abstract' && e.name === name);
  assert.ok(endpoint, 'found by its name, NUL padding stripped');
  assert.equal(endpoint.address, `unix-abstract:${name}`);
  assert.deepEqual(parseTarget(endpoint.address), { kind: 'abstract', name });
  assert.equal(endpoint.path, `@${name}`);
  assert.equal(endpoint.pid, child.pid);
  assert.equal(endpoint.uid, null);
  assert.equal(endpoint.mode, null);
  assert.ok(codes(endpoint).includes('abstract-no-permissions'));
});

test('listeners outside the scanned folders still come from the kernel table', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'elsewhere.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  const report = await discoverReport({ defaultDirs: false, probe: false });
  assert.equal(byPath(report.endpoints, socket)?.pid, child.pid);
});

test('a listener whose socket file was deleted is flagged, not reported as reachable', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'gone.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  fs.unlinkSync(socket);
  const endpoint = byPath(await discover(onlyDir(dir)), socket);
  assert.ok(endpoint);
  assert.equal(endpoint.pid, child.pid);
  assert.ok(codes(endpoint).includes('socket-file-missing'));
});

test(
  'a socket whose name is not ASCII is matched to its listener, not reported as owner unknown',
  { skip: !linux && 'needs /proc' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'café ünï.sock');
    const child = await startListenerProcess({ paths: [socket] });
    t.after(() => child.close());
    const endpoint = byPath(await discover(onlyDir(dir)), socket);
    assert.equal(endpoint?.pid, child.pid);
    assert.deepEqual(codes(endpoint), []);
  },
);
