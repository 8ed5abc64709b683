// The request panel host enforces the owner policy and the pins itself, at the time of each
// operation: its message handlers are driven directly against "spy" servers that count what they
// receive. A refused operation must leave the spy with zero bytes (and, for owner refusals, without
// even a connection); the control case shows the spy does see bytes when the host is allowed to call.
import { settings } from '../helpers/vscodeModule';
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { generateSelfSignedCertificate } from '../../src/ipc/certs';
import type { ToWebview } from '../../src/shared/protocol';
import { RequestHandlers } from '../../src/extension/panel/handlers';

const DEMO_PROTO = path.resolve(__dirname, '../../protos/demo/v1/demo.proto');
const PROTOS = path.resolve(__dirname, '../../protos');
const me = String(os.userInfo().uid);
/** A uid nobody on the test machine is expected to be. */
const stranger = '4242424';

interface Spy {
  bytes: number;
  connections: number;
  target: { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: string };
}

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-guard-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A server that counts connections and the bytes it receives (after TLS, when `cert` is given), then hangs up. */
async function startSpy(t: TestContext, where: 'unix' | 'tcp', cert?: { certPem: string; keyPem: string }): Promise<Spy> {
  const spy = { bytes: 0, connections: 0 } as Spy;
  const count = (socket: net.Socket | tls.TLSSocket) =>
    socket
      .on('data', (chunk: Buffer) => {
        spy.bytes += chunk.length;
        socket.destroy();
      })
      .on('error', () => undefined);
  const server = net.createServer((raw) => {
    spy.connections++;
    raw.on('error', () => undefined);
    if (!cert) return void count(raw);
    count(new tls.TLSSocket(raw, { isServer: true, cert: cert.certPem, key: cert.keyPem, ALPNProtocols: ['h2'] }));
  });
  if (where === 'unix') {
    // Named like a well-known system socket, which discovery never probes: discovery runs elsewhere on
    // the machine (other tests) would otherwise add their own connections to the count.
    const socketPath = path.join(tempDir(t), 'mysqld.sock');
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    spy.target = { kind: 'unix', path: socketPath };
  } else {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    spy.target = { kind: 'tcp', host: '127.0.0.1', port: String((server.address() as net.AddressInfo).port) };
  }
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return spy;
}

function handlers(t: TestContext): { run: InstanceType<typeof RequestHandlers>; posted: ToWebview[] } {
  const posted: ToWebview[] = [];
  const state = new Map<string, unknown>();
  const log = { info() {}, warn() {}, error() {}, trace() {}, debug() {} };
  const run = new RequestHandlers(
    {
      post: (message) => posted.push(message),
      log: log as never,
      chosenPaths: new Set(),
      rememberPaths() {},
      variables: async () => ({ variables: {}, secretValues: {}, secrets: [], env: {} }),
      chooseEnvironment: async () => null,
      state: {
        get: (key: string, fallback?: unknown) => state.get(key) ?? fallback,
        update: async (key: string, value: unknown) => void state.set(key, value),
        keys: () => [],
      } as never,
    },
    () => tempDir(t),
  );
  t.after(() => run.dispose());
  return { run, posted };
}

const TLS_OFF = { kind: 'off' } as const;
const TLS_ON = { kind: 'on', ca: '', cert: '', key: '', serverName: '', insecure: true } as const;

/** Every panel operation that may connect, in the order a user meets them; each must be refused or harmless. */
async function everyOperation(run: InstanceType<typeof RequestHandlers>, spy: Spy, tlsDraft: typeof TLS_OFF | typeof TLS_ON) {
  const selected = await run.handle('selectTarget', { target: spy.target, tls: tlsDraft });
  const refusals: string[] = [];
  const refused = async (what: string, operation: Promise<unknown>) => {
    await assert.rejects(
      operation,
      (error: { code?: string }) => (refusals.push(`${what}: ${error.code}`), true),
      `${what} was not refused`,
    );
  };
  await refused('reflection', run.handle('loadSchema', { targetId: selected.targetId, source: { kind: 'reflection' } }));
  // Methods from a .proto file need no connection, so the call itself reaches the guard.
  await run.handle('loadSchema', { targetId: selected.targetId, source: { kind: 'proto', files: [DEMO_PROTO], importPaths: [PROTOS] } });
  await refused(
    'call',
    run.handle('startCall', {
      targetId: selected.targetId,
      method: 'grpcipc.demo.v1.Demo.Echo',
      requests: ['{}'],
      interactive: false,
      metadata: [],
      deadlineMs: 2000,
      maxMessageBytes: 4 << 20,
    }),
  );
  await run.refreshIndicators();
  return { selected, refusals };
}

test('owner policy "block": an owner that is not the expected one receives zero bytes and no connection', async (t) => {
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'block', 'grpcIpc.owner.expected': stranger, 'grpcIpc.tls.pins': {} });
  const spy = await startSpy(t, 'unix');
  const { run, posted } = handlers(t);
  const { selected, refusals } = await everyOperation(run, spy, TLS_OFF);
  assert.deepEqual(refusals, ['reflection: owner-mismatch', 'call: owner-mismatch']);
  assert.equal(selected.owner.light, 'red');
  assert.match(selected.owner.blockReason ?? '', /expected/);
  assert.ok(
    posted.some((message) => message.type === 'owner' && message.owner.light === 'red'),
    'the host pushed the red indicator',
  );
  assert.equal(spy.bytes, 0);
  assert.equal(spy.connections, 0, 'the owner is checked before connecting');
});

test('owner policy "block": an owner that cannot be read blocks too (fail closed), with the reason', async (t) => {
  // A TCP port has no file owner and its listener is not looked up: the owner is unknown.
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'block', 'grpcIpc.owner.expected': me, 'grpcIpc.tls.pins': {} });
  const spy = await startSpy(t, 'tcp');
  const { run } = handlers(t);
  const { selected, refusals } = await everyOperation(run, spy, TLS_OFF);
  assert.deepEqual(refusals, ['reflection: owner-mismatch', 'call: owner-mismatch']);
  assert.equal(selected.owner.light, 'red');
  assert.match(selected.owner.blockReason ?? '', /cannot be checked/);
  assert.equal(spy.bytes, 0);
  assert.equal(spy.connections, 0);
});

test('a pinned target with TLS off is refused with a message, before connecting', async (t) => {
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'warn', 'grpcIpc.owner.expected': me });
  const spy = await startSpy(t, 'unix');
  settings.user['grpcIpc.tls.pins'] = { [`unix:${(spy.target as { path: string }).path}`]: `sha256:${'ab'.repeat(32)}` };
  const { run } = handlers(t);
  const { refusals } = await everyOperation(run, spy, TLS_OFF);
  assert.deepEqual(refusals, ['reflection: pin-mismatch', 'call: pin-mismatch']);
  assert.equal(spy.bytes, 0);
  assert.equal(spy.connections, 0);
});

test('a pin mismatch: the server sees the TLS handshake only, never a byte of gRPC', async (t) => {
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'warn', 'grpcIpc.owner.expected': me });
  const cert = await generateSelfSignedCertificate();
  const spy = await startSpy(t, 'unix', cert);
  settings.user['grpcIpc.tls.pins'] = { [`unix:${(spy.target as { path: string }).path}`]: `sha256:${'cd'.repeat(32)}` };
  const { run } = handlers(t);
  const { refusals } = await everyOperation(run, spy, TLS_ON);
  assert.deepEqual(refusals, ['reflection: pin-mismatch', 'call: pin-mismatch']);
  assert.ok(spy.connections > 0, 'the handshake is how the certificate is read');
  assert.equal(spy.bytes, 0, 'no application data after the handshake');
});

test('pinCertificate pins only the certificate the host itself saw on that target', async (t) => {
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'warn', 'grpcIpc.owner.expected': me, 'grpcIpc.tls.pins': {} });
  const cert = await generateSelfSignedCertificate();
  const spy = await startSpy(t, 'unix', cert);
  const { run, posted } = handlers(t);
  const selected = await run.handle('selectTarget', { target: spy.target, tls: TLS_ON });
  await assert.rejects(
    run.handle('pinCertificate', { targetId: selected.targetId, sha256: 'ef'.repeat(32) }),
    /not the one the extension last saw/,
  );
  // The certificate probe runs in the background after selection; wait for its report.
  for (let i = 0; i < 100 && !posted.some((message) => message.type === 'certificate'); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(
    posted.some((message) => message.type === 'certificate'),
    'the host read the certificate',
  );
  assert.deepEqual(await run.handle('pinCertificate', { targetId: selected.targetId, sha256: cert.sha256.toUpperCase() }), {
    pinned: true,
  });
  assert.deepEqual(settings.user['grpcIpc.tls.pins'], { [`unix:${(spy.target as { path: string }).path}`]: `sha256:${cert.sha256}` });
});

test('control: allowed by the policy, the same call does reach the spy', async (t) => {
  Object.assign(settings.user, { 'grpcIpc.owner.policy': 'block', 'grpcIpc.owner.expected': me, 'grpcIpc.tls.pins': {} });
  const spy = await startSpy(t, 'unix');
  const { run } = handlers(t);
  const selected = await run.handle('selectTarget', { target: spy.target, tls: TLS_OFF });
  assert.equal(selected.owner.light, 'green');
  await run.handle('loadSchema', { targetId: selected.targetId, source: { kind: 'proto', files: [DEMO_PROTO], importPaths: [PROTOS] } });
  const { callId } = await run.handle('startCall', {
    targetId: selected.targetId,
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{}'],
    interactive: false,
    metadata: [],
    deadlineMs: 2000,
    maxMessageBytes: 4 << 20,
  });
  await run.calls.settled(callId);
  assert.ok(spy.bytes > 0, 'the spy counts what reaches it');
});
