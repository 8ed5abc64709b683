import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { startCall, type CallRequest } from '../../src/ipc/call/invoke';
import type { Endpoint } from '../../src/ipc/endpoint';
import { IpcError } from '../../src/ipc/errors';
import { RequestJsonError } from '../../src/ipc/json/codec';
import type { ConnectOptions } from '../../src/ipc/types';
import { fixtureRegistry, probeMethod } from '../helpers/fixtureSchema';
import { startProbeServer } from '../helpers/probeServer';

const registry = fixtureRegistry();
const schema = { registry };

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A Probe server on a fresh UDS in a temp dir. */
async function unixServer(t: TestContext, options: { tls?: boolean; maxSendBytes?: number } = {}) {
  const socket = path.join(tempDir(t), 'probe.sock');
  const server = await startProbeServer(`unix:${socket}`, options);
  t.after(() => server.close());
  const endpoint: Endpoint = { kind: 'unix', path: socket };
  return { server, endpoint };
}

function request(connect: ConnectOptions, method: string, requests: unknown[], extra: Partial<CallRequest> = {}): CallRequest {
  return { connect, schema, method: probeMethod(method, registry), requests, deadlineMs: 5000, ...extra };
}

async function allFourKinds(connect: ConnectOptions) {
  const unary = await startCall(request(connect, 'Echo', [{ text: 'hi', i64: '5' }])).result;
  assert.equal(unary.codeName, 'OK');
  assert.deepEqual(unary.responses, [{ text: 'hi', i64: '5' }]);

  const seen: unknown[] = [];
  const server = await startCall(request(connect, 'Count', [{ count: 3 }]), { onMessage: (json, index) => seen.push([index, json]) })
    .result;
  assert.equal(server.code, 0);
  assert.deepEqual(server.responses, [
    { name: 'item-1', count: 1 },
    { name: 'item-2', count: 2 },
    { name: 'item-3', count: 3 },
  ]);
  assert.deepEqual(
    seen.map((entry) => (entry as [number])[0]),
    [0, 1, 2],
  );

  const client = await startCall(request(connect, 'Sum', [{ count: 2 }, { count: 5 }, {}])).result;
  assert.deepEqual(client.responses, [{ count: 7, size: 3 }]);

  const bidi = await startCall(
    request(connect, 'Chat', [
      { name: 'a', count: 1 },
      { name: 'b', count: 4 },
    ]),
  ).result;
  assert.deepEqual(bidi.responses, [
    { name: 'echo:a', count: 2 },
    { name: 'echo:b', count: 8 },
  ]);
  return { unary, server, client, bidi };
}

test('all four call kinds over a Unix socket', async (t) => {
  const { endpoint } = await unixServer(t);
  const { unary } = await allFourKinds({ endpoint });
  assert.equal(unary.transport, `unix:${endpoint.path}`);
  assert.equal(typeof unary.timing.connectMs, 'number');
  assert.equal(typeof unary.timing.firstByteMs, 'number');
  assert.ok(unary.timing.totalMs >= (unary.timing.firstByteMs ?? 0));
  assert.equal(unary.peerCertificate, undefined);
});

test('all four call kinds over TCP', async (t) => {
  const server = await startProbeServer('127.0.0.1:0');
  t.after(() => server.close());
  const { unary } = await allFourKinds({ endpoint: { kind: 'tcp', host: '127.0.0.1', port: server.port } });
  assert.equal(unary.transport, `dns:127.0.0.1:${server.port}`);
});

test('all four call kinds with TLS over a Unix socket, reporting the peer certificate', async (t) => {
  const { server, endpoint } = await unixServer(t, { tls: true });
  const ca = path.join(tempDir(t), 'ca.pem');
  fs.writeFileSync(ca, server.certificatePem!);
  const { unary } = await allFourKinds({ endpoint, tls: { ca, serverName: 'probe.local' } });
  assert.match(unary.peerCertificate?.sha256 ?? '', /^[0-9a-f]{64}$/);
  assert.match(unary.peerCertificate?.subject ?? '', /probe\.local/);
});

test('all four call kinds over an abstract socket', async (t) => {
  if (process.platform !== 'linux' || Number(process.versions.node.split('.')[0]) < 22) {
    t.skip('abstract sockets need Node ≥ 22 (VS Code ≥ 1.101) on Linux');
    return;
  }
  const name = `gi-call-${process.pid}-${Date.now()}`;
  const server = await startProbeServer(`unix:\0${name}`);
  t.after(() => server.close());
  await allFourKinds({ endpoint: { kind: 'abstract', name } });
});

test('metadata round trip: text and -bin headers out, headers and trailers back', async (t) => {
  const { endpoint } = await unixServer(t);
  const headersSeen: Array<Record<string, string[]>> = [];
  const result = await startCall(
    request({ endpoint }, 'Echo', [{}], {
      metadata: [
        { key: 'x-token', value: 'abc' },
        { key: 'X-Multi', value: 'one' },
        { key: 'x-multi', value: 'two' },
        { key: 'x-blob-bin', value: Buffer.from([1, 2, 3, 250]).toString('base64') },
      ],
    }),
    { onHeaders: (headers) => headersSeen.push(headers) },
  ).result;
  assert.deepEqual(result.headers['x-token'], ['abc']);
  // grpc-js folds repeated text values into one header line, which gRPC treats as the same thing.
  assert.equal(result.headers['x-multi'].join(', '), 'one, two');
  assert.deepEqual(result.headers['x-blob-bin'], ['AQID+g==']);
  assert.deepEqual(result.trailers['x-trailer'], ['done']);
  assert.deepEqual(result.trailers['x-trailer-bin'], ['AAEC/w==']);
  assert.deepEqual(headersSeen, [result.headers]);
});

test('refuses metadata it cannot send, before connecting', async (t) => {
  const { endpoint } = await unixServer(t);
  for (const entry of [
    { key: 'bad key', value: 'v' },
    { key: 'x-b-bin', value: 'not base64!' },
  ]) {
    await assert.rejects(
      startCall(request({ endpoint }, 'Echo', [{}], { metadata: [entry] })).result,
      (error: unknown) => error instanceof IpcError && error.code === 'usage',
    );
  }
});

test('a status from the server is a result, with the responses sent before it', async (t) => {
  const { endpoint } = await unixServer(t);
  const result = await startCall(request({ endpoint }, 'Count', [{ count: 2, failCode: 5 }])).result;
  assert.equal(result.code, 5);
  assert.equal(result.codeName, 'NOT_FOUND');
  assert.equal(result.message, 'failed on purpose');
  assert.equal(result.responses.length, 2);
  assert.deepEqual(result.trailers['x-trailer'], ['done']);
});

test('an unknown method on the server is UNIMPLEMENTED', async (t) => {
  const { endpoint } = await unixServer(t);
  const method = { ...probeMethod('Echo', registry), name: 'Gone', fullName: 'calltest.v1.Probe.Gone', path: '/calltest.v1.Probe/Gone' };
  const result = await startCall({ connect: { endpoint }, schema, method, requests: [{}], deadlineMs: 5000 }).result;
  assert.equal(result.codeName, 'UNIMPLEMENTED');
});

test('the deadline ends a call to a handler that never answers', async (t) => {
  const { endpoint } = await unixServer(t);
  const result = await startCall(request({ endpoint }, 'Count', [{ delayMs: -1 }], { deadlineMs: 300 })).result;
  assert.equal(result.codeName, 'DEADLINE_EXCEEDED');
  assert.match(result.message, /deadline/i);
});

test('cancel ends a running call as CANCELLED', async (t) => {
  const { endpoint } = await unixServer(t);
  const handle = startCall(request({ endpoint }, 'Count', [{ delayMs: -1 }], { deadlineMs: 30_000 }), {
    onHeaders: () => undefined,
  });
  setTimeout(() => handle.cancel(), 100);
  const result = await handle.result;
  assert.equal(result.codeName, 'CANCELLED');
});

test('cancel before the call starts sends nothing', async (t) => {
  const { server, endpoint } = await unixServer(t);
  const before = server.callsStarted();
  const handle = startCall(request({ endpoint }, 'Echo', [{}]));
  handle.cancel();
  assert.equal((await handle.result).codeName, 'CANCELLED');
  assert.equal(server.callsStarted(), before);
});

test('a response over maxReceiveBytes ends the call with an explained RESOURCE_EXHAUSTED', async (t) => {
  const { endpoint } = await unixServer(t);
  const result = await startCall(request({ endpoint, maxReceiveBytes: 1024 }, 'Count', [{ count: 1, size: 4096 }])).result;
  assert.equal(result.codeName, 'RESOURCE_EXHAUSTED');
  assert.match(result.message, /larger than/i);
  assert.equal(result.responses.length, 0);
});

test('bad request JSON is refused before anything is sent', async (t) => {
  const { server, endpoint } = await unixServer(t);
  const before = server.callsStarted();
  await assert.rejects(
    startCall(request({ endpoint }, 'Echo', [{ nested: { items: [{}, { count: 'x' }] } }])).result,
    (error: unknown) => error instanceof RequestJsonError && error.issues[0].path === '$.nested.items[1].count',
  );
  await assert.rejects(
    startCall(request({ endpoint }, 'Echo', [{}, {}])).result,
    (error: unknown) => error instanceof IpcError && error.code === 'usage',
  );
  assert.equal(server.callsStarted(), before);
});

test('keepOpen streams requests one by one, and bidi answers as they arrive', async (t) => {
  const { endpoint } = await unixServer(t);
  const replies: unknown[] = [];
  let sent = 1;
  const handle: ReturnType<typeof startCall> = startCall(request({ endpoint }, 'Chat', [{ name: 'm1' }], { keepOpen: true }), {
    onMessage: (json) => {
      replies.push(json);
      if (sent < 3) handle.write({ name: `m${++sent}` });
      else handle.end();
    },
  });
  assert.throws(() => handle.write({ nope: 1 }), RequestJsonError);
  const result = await handle.result;
  assert.equal(result.codeName, 'OK');
  assert.deepEqual(
    replies.map((reply) => (reply as { name: string }).name),
    ['echo:m1', 'echo:m2', 'echo:m3'],
  );
  assert.throws(() => handle.write({}), /already ended/);
});

test('retainResponses bounds what the result keeps while every message is seen', async (t) => {
  const { endpoint } = await unixServer(t);
  let seen = 0;
  const result = await startCall(request({ endpoint }, 'Count', [{ count: 500 }], { retainResponses: 10 }), { onMessage: () => seen++ })
    .result;
  assert.equal(seen, 500);
  assert.equal(result.responses.length, 10);
  assert.deepEqual(result.responses[9], { name: 'item-10', count: 10 });
});

test('emitDefaults prints default values', async (t) => {
  const { endpoint } = await unixServer(t);
  const result = await startCall(request({ endpoint }, 'Echo', [{ text: 'x' }], { emitDefaults: true })).result;
  const response = result.responses[0] as Record<string, unknown>;
  assert.equal(response.text, 'x');
  assert.equal(response.i64, '0');
  assert.equal(response.color, 'COLOR_UNSPECIFIED');
});

test('a missing socket is an IpcError, not a status', async (t) => {
  const endpoint: Endpoint = { kind: 'unix', path: path.join(tempDir(t), 'nobody.sock') };
  await assert.rejects(
    startCall(request({ endpoint }, 'Echo', [{}])).result,
    (error: unknown) => error instanceof IpcError && error.code === 'socket-missing',
  );
});

test('a pin mismatch is an IpcError and nothing is sent', async (t) => {
  const { server, endpoint } = await unixServer(t, { tls: true });
  const ca = path.join(tempDir(t), 'ca.pem');
  fs.writeFileSync(ca, server.certificatePem!);
  const before = server.callsStarted();
  await assert.rejects(
    startCall(request({ endpoint, tls: { ca, serverName: 'probe.local', pin: `sha256:${'00'.repeat(32)}` } }, 'Echo', [{}])).result,
    (error: unknown) => error instanceof IpcError && error.code === 'pin-mismatch',
  );
  assert.equal(server.callsStarted(), before);
});

test('every JSON mapping survives a trip through a real server', async (t) => {
  const { endpoint } = await unixServer(t);
  const everything = {
    i32: -7,
    i64: '-9007199254740993',
    u32: 4294967295,
    u64: '18446744073709551615',
    s64: '-1',
    dbl: 0.5,
    flag: true,
    text: 'snow ☃',
    data: 'AP8=',
    color: 'COLOR_RED',
    when: '1999-12-31T23:59:59.999999999Z',
    took: '-0.000000001s',
    maybeCount: 0,
    maybeText: 'wrapped',
    extra: { '@type': 'type.googleapis.com/google.protobuf.Timestamp', value: '2020-01-01T00:00:00Z' },
    totals: { one: '1', big: '9223372036854775807' },
    byId: { '-1': { name: 'minus one' } },
    picked: { name: 'p', count: 1 },
    nested: { items: [{ name: 'a' }, {}], item: { count: 9 } },
    colors: ['COLOR_BLUE', 'COLOR_RED'],
    f64: '18446744073709551615',
    flt: 1.5,
    opt: 0,
  };
  const result = await startCall(request({ endpoint }, 'Echo', [everything])).result;
  assert.equal(result.codeName, 'OK');
  assert.deepEqual(result.responses[0], { ...everything, nested: { items: [{ name: 'a' }, {}], item: { count: 9 } } });
});

test('cancel ends an open bidi stream as CANCELLED', async (t) => {
  const { endpoint } = await unixServer(t);
  const handle: ReturnType<typeof startCall> = startCall(
    request({ endpoint }, 'Chat', [{ name: 'one' }], { keepOpen: true, deadlineMs: 30_000 }),
    {
      onMessage: () => handle.cancel(),
    },
  );
  const result = await handle.result;
  assert.equal(result.codeName, 'CANCELLED');
  assert.deepEqual(result.responses, [{ name: 'echo:one' }]);
});
