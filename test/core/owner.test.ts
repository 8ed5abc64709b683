import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { checkExpectedOwner, inspectOwner, verifyOwner } from '../../src/ipc/owner';
import { startListenerProcess } from '../helpers/listenerProcess';

const me = os.userInfo();

async function listeningSocket(t: TestContext): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const socket = path.join(dir, 'owned.sock');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return socket;
}

test('reports the owner and mode of a socket file', async (t) => {
  const socket = await listeningSocket(t);
  fs.chmodSync(socket, 0o750);
  const facts = await inspectOwner({ kind: 'unix', path: socket });
  assert.equal(facts.kind, 'unix');
  assert.equal(facts.fileUid, me.uid);
  assert.equal(facts.fileMode, '0750');
  assert.deepEqual(checkExpectedOwner(facts, String(me.uid), socket), { ok: true });
  assert.deepEqual(checkExpectedOwner(facts, me.username, socket), { ok: true });
});

test('a socket owned by someone else fails the check with both uids named', async (t) => {
  if (me.uid !== 0) {
    t.skip('needs root to chown a socket to another uid');
    return;
  }
  const socket = await listeningSocket(t);
  fs.chownSync(socket, 65534, 65534);
  const facts = await inspectOwner({ kind: 'unix', path: socket });
  assert.equal(facts.fileUid, 65534);
  const result = checkExpectedOwner(facts, 'root', socket);
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.message, new RegExp(`Socket ${socket} is owned by uid 65534( \\(\\w+\\))?, expected 0 \\(root\\)`));
});

test('a different expected uid fails even for our own socket', async (t) => {
  const socket = await listeningSocket(t);
  const result = checkExpectedOwner(await inspectOwner({ kind: 'unix', path: socket }), String(me.uid + 4242), socket);
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.message, /is owned by uid/);
});

test('an unknown user name is refused, and so is an owner nobody can know', async () => {
  const facts = await inspectOwner({ kind: 'tcp', host: '127.0.0.1', port: 1 });
  assert.equal(facts.fileUid, null);
  assert.match(facts.unknownReason ?? '', /TCP/);
  const unknown = checkExpectedOwner(facts, 'no-such-user-here');
  assert.match(unknown.ok ? '' : unknown.message, /Unknown user "no-such-user-here"/);
  const tcp = checkExpectedOwner(facts, '0', '127.0.0.1:1');
  assert.match(tcp.ok ? '' : tcp.message, /cannot be checked: TCP/);
});

test('a missing socket says why nothing is known, and its unknown owner is refused', async () => {
  const socket = path.join(os.tmpdir(), 'gi-missing-x.sock');
  const facts = await inspectOwner({ kind: 'unix', path: socket });
  assert.equal(facts.fileUid, null);
  assert.match(facts.unknownReason ?? '', /ENOENT/);
  // Refused for every transport, not only TCP: an owner nobody can see is never taken as the expected one.
  const check = checkExpectedOwner(facts, me.username, socket);
  assert.equal(check.ok, false);
  assert.match(check.ok ? '' : check.message, new RegExp(`The owner of ${socket} cannot be checked: cannot stat .*ENOENT`));
  const abstract = await verifyOwner({ kind: 'abstract', name: `gi-nobody-${process.pid}` }, me.username);
  assert.equal(abstract.ok, false, 'an abstract socket nobody is seen listening on has no known owner');
  assert.match(abstract.ok ? '' : abstract.message, /cannot be checked/);
});

test('verifyOwner checks a socket in one step and fails closed for a pipe off Windows', async (t) => {
  const socket = await listeningSocket(t);
  assert.deepEqual(await verifyOwner({ kind: 'unix', path: socket }, me.username), { ok: true });
  const pipe = await verifyOwner({ kind: 'pipe', name: 'nobody-here' }, 'alice');
  assert.equal(pipe.ok, false);
  assert.match(pipe.ok ? '' : pipe.message, /cannot be checked/);
});

test('names the listening process from /proc', async (t) => {
  const socket = await listeningSocket(t);
  const facts = await inspectOwner({ kind: 'unix', path: socket });
  assert.equal(facts.listener?.pid, process.pid);
  assert.equal(facts.listener?.uid, me.uid);
  assert.match(facts.listener?.command ?? '', /node/);
});

test('a listener run by another uid fails the check even when the file owner matches', async (t) => {
  if (me.uid !== 0) {
    t.skip('needs root to run a listener as another uid');
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  fs.chmodSync(dir, 0o777);
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'other.sock');
  const listener = await startListenerProcess({ paths: [socket], uid: 65534, gid: 65534 });
  t.after(() => listener.close());
  fs.chownSync(socket, 0, 0); // the file now looks like root's, but root does not serve it
  const facts = await inspectOwner({ kind: 'unix', path: socket });
  assert.equal(facts.fileUid, 0);
  assert.equal(facts.listener?.pid, listener.pid);
  assert.equal(facts.listener?.uid, 65534);
  const result = checkExpectedOwner(facts, 'root', socket);
  assert.match(
    result.ok ? '' : result.message,
    new RegExp(`served by pid ${listener.pid} \\([^\\n]*node[^\\n]*\\) running as uid 65534( \\(\\w+\\))?, expected 0 \\(root\\)`),
  );
});

test('an abstract socket is checked by its listener', async (t) => {
  const name = `gi-owner-${process.pid}-${Date.now()}`;
  const listener = await startListenerProcess({ abstract: [name] });
  t.after(() => listener.close());
  const facts = await inspectOwner({ kind: 'abstract', name });
  assert.equal(facts.fileUid, null);
  assert.equal(facts.listener?.pid, listener.pid);
  assert.deepEqual(checkExpectedOwner(facts, String(me.uid)), { ok: true });
  assert.equal(checkExpectedOwner(facts, String(me.uid + 4242)).ok, false);
});
