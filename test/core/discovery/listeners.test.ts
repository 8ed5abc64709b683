import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { findUnixListener, listUnixListeners } from '../../../src/ipc/discovery/listeners';
import { nativeDiscovery } from '../../../src/ipc/discovery/native';
import { isRoot, shortTempDir, startListenerProcess, uniqueAbstractName } from '../../helpers/listenerProcess';

const linux = process.platform === 'linux';

test('a socket file bound by a child process is matched to its pid, command and uid', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'api.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());

  const found = await findUnixListener(socket);
  assert.ok(found, 'the listener is found');
  assert.equal(found.pid, child.pid);
  assert.equal(found.processUid, process.getuid!());
  assert.match(found.command ?? '', /node/);
  assert.equal(found.unknownReason, undefined);

  const all = await listUnixListeners();
  assert.deepEqual(
    all.filter((l) => l.path === socket).map((l) => l.pid),
    [child.pid],
  );
});

test('accepted connections do not show up as extra listeners', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'busy.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  const clients = await Promise.all(
    [1, 2, 3].map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const client = net.connect(socket, () => resolve(client));
          client.once('error', reject);
        }),
    ),
  );
  t.after(() => clients.forEach((c) => c.destroy()));
  // The accepted ends exist in /proc/net/unix with the same path.
  const text = fs.readFileSync('/proc/net/unix', 'latin1');
  assert.ok(text.split('\n').filter((line) => line.endsWith(' ' + socket)).length >= 4, 'accepted rows repeat the path');

  const rows = (await listUnixListeners()).filter((l) => l.path === socket);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].pid, child.pid);
});

test('an abstract name is listed with @ and found by name', { skip: !linux && 'needs /proc' }, async (t) => {
  const name = uniqueAbstractName('abs');
  const child = await startListenerProcess({ abstract: [name] });
  t.after(() => child.close());
  const found = await findUnixListener('@' + name);
  assert.ok(found);
  assert.equal(found.pid, child.pid);
  // Node < 22 pads the name with NULs, which /proc shows as '@'; both forms start with '@name'.
  assert.ok(found.path.startsWith('@' + name));
  assert.ok((await listUnixListeners()).some((l) => l.pid === child.pid && l.path.startsWith('@' + name)));
});

test('a stale socket file (listener killed) has no listener', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'stale.sock');
  const child = await startListenerProcess({ paths: [socket] });
  await child.crash();
  assert.ok(fs.lstatSync(socket).isSocket(), 'SIGKILL leaves the file behind');
  assert.equal(await findUnixListener(socket), undefined);
  assert.equal(await findUnixListener(path.join(dir, 'missing.sock')), undefined);
});

test(
  'a listener running as another uid reports that uid',
  { skip: !linux ? 'needs /proc' : !isRoot && 'needs root to start a process as another uid' },
  async (t) => {
    const dir = shortTempDir();
    fs.chmodSync(dir, 0o777);
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'nobody.sock');
    const child = await startListenerProcess({ paths: [socket], uid: 65534, gid: 65534 });
    t.after(() => child.close());
    const found = await findUnixListener(socket);
    assert.ok(found);
    assert.equal(found.pid, child.pid);
    assert.equal(found.processUid, 65534);
    assert.equal(fs.lstatSync(socket).uid, 65534);
  },
);

test(
  'seen by another user, a root listener is "unknown (owned by uid 0)", never guessed',
  { skip: !linux ? 'needs /proc' : !isRoot && 'needs root to look as another uid' },
  async (t) => {
    const dir = shortTempDir();
    fs.chmodSync(dir, 0o755);
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const socket = path.join(dir, 'root.sock');
    const child = await startListenerProcess({ paths: [socket] });
    t.after(() => child.close());
    const script = `require(${JSON.stringify(path.resolve(__dirname, '../../../src/ipc/discovery/listeners.ts'))}).findUnixListener(${JSON.stringify(socket)}).then((l) => console.log(JSON.stringify(l)))`;
    const output = await new Promise<string>((resolve, reject) => {
      const viewer = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
        uid: 65534,
        gid: 65534,
        cwd: path.resolve(__dirname, '../../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      viewer.stdout.on('data', (c) => (out += c));
      viewer.stderr.on('data', (c) => (err += c));
      viewer.once('error', reject);
      viewer.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`viewer failed (${code}): ${err}`))));
    });
    const seen = JSON.parse(output);
    assert.equal(seen.pid, null);
    assert.equal(seen.command, null);
    assert.equal(seen.processUid, null);
    assert.equal(seen.unknownReason, 'unknown (owned by uid 0)');
  },
);

test(
  'from the text table, a listener held only by a process in another network namespace is not lent that process as owner',
  { skip: (!linux && 'needs /proc') || (!isRoot && 'needs root to make a network namespace') },
  async (t) => {
    const dir = shortTempDir();
    const socket = path.join(dir, 'moved.sock');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    // The listening socket stays in this namespace's table; its only holder moves to a new namespace.
    const fd = (server as unknown as { _handle: { fd: number } })._handle.fd;
    const holder = spawn('unshare', ['-n', 'sleep', '600'], { stdio: ['ignore', 'ignore', 'ignore', fd] });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    t.after(async () => {
      holder.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const ours = fs.readlinkSync('/proc/self/ns/net');
    const moved = () => {
      try {
        return fs.readlinkSync(`/proc/${holder.pid}/ns/net`) !== ours && fs.readlinkSync(`/proc/${holder.pid}/exe`).endsWith('sleep');
      } catch {
        return false; // not started yet, or already gone
      }
    };
    while (!moved() && holder.exitCode === null && holder.signalCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (!moved()) return t.skip(`unshare -n could not make a network namespace here (exit ${holder.exitCode})`);

    const fromText = await findUnixListener(socket, null);
    assert.equal(fromText?.pid, null);
    assert.match(fromText?.unknownReason ?? '', new RegExp(`held by pid ${holder.pid}, which is in another network namespace`));
    // The kernel's socket diagnostics hold no forged rows, so their holder is the owner.
    const native = nativeDiscovery();
    if (native && (await native.listeningUnix()).source === 'diag') assert.equal((await findUnixListener(socket, native))?.pid, holder.pid);
  },
);
