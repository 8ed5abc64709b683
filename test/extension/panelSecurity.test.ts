// The request panel's host, driven the way the webview drives it (messages in, replies out), against real
// servers: what the webview sends is validated before anything runs, and a TLS pin is enforced before a
// single request reaches the server.
import { recorded, resetStandIn } from '../helpers/vscodeModule';
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { RequestPanel } from '../../src/extension/panel/panel';
import { createContext, createWebviewPanelStandIn } from '../helpers/vscodeStandIn';
import { selfSignedCertificate, startShopServer, tempDir } from '../helpers/servers';

const root = path.resolve(__dirname, '../..');

function openPanel(t: TestContext) {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-panel-'));
  t.after(() => fs.rmSync(storage, { recursive: true, force: true }));
  const webview = createWebviewPanelStandIn();
  const host = new RequestPanel(webview.panel as never, createContext(root, storage) as never);
  t.after(() => host.dispose());
  return webview;
}

const plainTls = { kind: 'on', ca: '', cert: '', key: '', serverName: '', insecure: true };

test('a message the validator refuses is answered with a refusal and never handled', async (t) => {
  resetStandIn({ trusted: true });
  const socket = path.join(tempDir(t), 'shop.sock');
  const shop = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha' });
  const webview = openPanel(t);

  // A CA path the user never picked in a file dialog: the host must not read it.
  const tls = { ...plainTls, ca: '/etc/shadow' };
  const refused = await webview.request('selectTarget', { target: { kind: 'unix', path: socket }, tls });
  assert.equal(refused.ok, false, 'a path the user did not choose must be refused');
  const problem = refused.problem as { message: string; hint: string };
  assert.equal(problem.message, 'The panel sent a request the extension refused.');
  assert.match(problem.hint, /tls\.ca.*path was not chosen by the user/);
  assert.ok(recorded.logs.some((line) => /^warn: Refused a message from the request panel/.test(line)));

  // A request for a target that was never selected, and an unknown request name.
  const unknownTarget = await webview.request('loadSchema', { targetId: 'made-up', source: { kind: 'reflection' } });
  assert.equal(unknownTarget.ok, false);
  assert.match((unknownTarget.problem as { hint: string }).hint, /target was never selected/);
  const unknownName = await webview.request('readFile', { path: '/etc/passwd' });
  assert.equal(unknownName.ok, false);
  assert.equal((unknownName.problem as { message: string }).message, 'The panel sent a request the extension refused.');

  // Fire-and-forget messages with the wrong shape do nothing at all.
  webview.send({ type: 'copyText', text: { toString: () => 'not text' } });
  webview.send({ type: 'copyText' });
  webview.send({ type: 'callCancel', callId: 'never-started' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(recorded.clipboard, []);
  assert.deepEqual(shop.received, [], 'nothing reached the server');

  // The same kinds of message, well formed, are handled: the refusals above were the validator's.
  const selected = await webview.request('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  assert.equal(selected.ok, true, JSON.stringify(selected));
  webview.send({ type: 'copyText', text: 'hello' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(recorded.clipboard, ['hello']);
});

/** The SHA-256 of a PEM certificate's DER, as the pin setting writes it. */
function pinOf(pem: string): string {
  return `sha256:${new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase()}`;
}

test('a TLS pin mismatch refuses schema loading and calls before any request reaches the server', async (t) => {
  const socket = path.join(tempDir(t), 'tls.sock');
  const { cert, key } = await selfSignedCertificate();
  const credentials = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(key), cert_chain: Buffer.from(cert) }]);
  const shop = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha', credentials });
  const wrongPin = `sha256:${'0'.repeat(64)}`;
  resetStandIn({ trusted: true, user: { 'grpcIpc.tls.pins': { [`unix:${socket}`]: wrongPin } } });
  const webview = openPanel(t);

  // TLS without chain checks, as a user would for a self-signed server: only the pin protects the call.
  const selected = await webview.request('selectTarget', { target: { kind: 'unix', path: socket }, tls: plainTls });
  assert.equal(selected.ok, true, JSON.stringify(selected));
  const targetId = (selected.result as { targetId: string }).targetId;
  const loaded = await webview.request('loadSchema', { targetId, source: { kind: 'reflection' } });
  assert.equal(loaded.ok, false, 'reflection must not run against a server whose certificate does not match the pin');
  assert.equal((loaded.problem as { code: string }).code, 'pin-mismatch');
  assert.deepEqual(shop.received, [], 'no request, reflection included, may reach the server');

  // With the right pin the same steps reach the server, so the spy above would have seen a request.
  resetStandIn({ trusted: true, user: { 'grpcIpc.tls.pins': { [`unix:${socket}`]: pinOf(cert) } } });
  const reloaded = await webview.request('loadSchema', { targetId, source: { kind: 'reflection' } });
  assert.equal(reloaded.ok, true, JSON.stringify(reloaded));
  assert.ok(shop.received.length > 0, 'reflection reached the server once the pin matched');

  // A call on a target whose pin changed underneath it is refused the same way: the host reads the
  // certificate before the call starts, so the call is refused before it exists.
  resetStandIn({ trusted: true, user: { 'grpcIpc.tls.pins': { [`unix:${socket}`]: wrongPin } } });
  const before = shop.received.length;
  const started = await webview.request('startCall', {
    targetId,
    method: 'shop.v1.Shop.GetItem',
    requests: ['{"id":"1"}'],
    metadata: [],
    deadlineMs: 5000,
    maxMessageBytes: 4 * 1024 * 1024,
    interactive: false,
  });
  assert.equal(started.ok, false, JSON.stringify(started));
  assert.equal((started.problem as { code: string } | undefined)?.code, 'pin-mismatch', JSON.stringify(started));
  assert.match((started.problem as { message: string }).message, /Nothing was sent/);
  assert.equal(shop.received.length, before, 'the call never reached the server');
});

test('in Restricted Mode the panel ignores owner and pin settings from the workspace', async (t) => {
  const socket = path.join(tempDir(t), 'tls.sock');
  const { cert, key } = await selfSignedCertificate();
  const credentials = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(key), cert_chain: Buffer.from(cert) }]);
  const shop = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha', credentials });
  // The user pinned another certificate and expects another owner; the workspace tries to undo both.
  resetStandIn({
    trusted: false,
    user: {
      'grpcIpc.tls.pins': { [`unix:${socket}`]: `sha256:${'0'.repeat(64)}` },
      'grpcIpc.owner.policy': 'block',
      'grpcIpc.owner.expected': 'nobody-we-know',
    },
    workspace: {
      'grpcIpc.tls.pins': { [`unix:${socket}`]: pinOf(cert) },
      'grpcIpc.owner.policy': 'off',
      'grpcIpc.owner.expected': os.userInfo().username,
    },
  });
  const webview = openPanel(t);
  const selected = await webview.request('selectTarget', { target: { kind: 'unix', path: socket }, tls: plainTls });
  assert.equal(selected.ok, true, JSON.stringify(selected));
  const result = selected.result as { targetId: string; owner: { light: string; blockReason?: string } };
  assert.equal(result.owner.light, 'red', `the user's owner policy applies: ${JSON.stringify(result.owner)}`);
  assert.match(result.owner.blockReason ?? '', /nobody-we-know/);
  // The host checks the owner before it connects, so the user's owner policy refuses first.
  const refused = await webview.request('loadSchema', { targetId: result.targetId, source: { kind: 'reflection' } });
  assert.equal(
    (refused.problem as { code: string } | undefined)?.code,
    'owner-mismatch',
    'the user’s owner policy applies, not the workspace’s',
  );

  // With the user's owner policy on "warn", the pin is what refuses: the user's, not the workspace's.
  resetStandIn({
    trusted: false,
    user: {
      'grpcIpc.tls.pins': { [`unix:${socket}`]: `sha256:${'0'.repeat(64)}` },
      'grpcIpc.owner.policy': 'warn',
      'grpcIpc.owner.expected': 'nobody-we-know',
    },
    workspace: {
      'grpcIpc.tls.pins': { [`unix:${socket}`]: pinOf(cert) },
      'grpcIpc.owner.policy': 'off',
      'grpcIpc.owner.expected': os.userInfo().username,
    },
  });
  const loaded = await webview.request('loadSchema', { targetId: result.targetId, source: { kind: 'reflection' } });
  assert.equal((loaded.problem as { code: string } | undefined)?.code, 'pin-mismatch', 'the user’s pin applies, not the workspace’s');
  assert.deepEqual(shop.received, []);
});
