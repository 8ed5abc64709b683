// The call engine against the shipped demo server, with the schema from its reflection service: what a
// user does first. Also the owner check and the pin against the demo's own socket and certificate.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { startCall } from '../../src/ipc/call/invoke';
import { startDemoServer, type DemoServer } from '../../src/ipc/demo/server';
import { checkExpectedOwner, inspectOwner } from '../../src/ipc/owner';
import { findMethod, loadSchemaByReflection } from '../../src/ipc/schema/schema';
import type { ConnectOptions } from '../../src/ipc/types';

async function demo(t: TestContext, tls?: 'self-signed'): Promise<DemoServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') }, tls });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return server;
}

test('demo over reflection: all four call kinds with the full Sample shape', async (t) => {
  const server = await demo(t);
  const connect: ConnectOptions = { endpoint: server.endpoint };
  const schema = await loadSchemaByReflection(connect, 5000);
  const call = (name: string, requests: unknown[]) =>
    startCall({ connect, schema, method: findMethod(schema, `grpcipc.demo.v1.Demo/${name}`), requests, deadlineMs: 5000 }).result;

  const sample = {
    text: 't',
    small: -3,
    big: '-9007199254740993',
    unsignedBig: '18446744073709551615',
    flag: true,
    blob: 'AQI=',
    mood: 'MOOD_CURIOUS',
    words: ['a', 'b'],
    points: [{ x: 1.5 }, { y: -2 }],
    bigNumbers: ['1', '-2'],
    counts: { k: '5' },
    labels: { l: { value: 'v', mood: 'MOOD_HAPPY' } },
    location: { x: 3 },
    createdAt: '2024-05-06T07:08:09.010Z',
    ttl: '90s',
  };
  const echo = await call('Echo', [{ message: 'hi', sample }]);
  assert.equal(echo.codeName, 'OK', echo.message);
  const echoed = echo.responses[0] as { message: string; sample: unknown; receivedAt: string };
  assert.equal(echoed.message, 'hi');
  assert.deepEqual(echoed.sample, sample);
  assert.match(echoed.receivedAt, /^\d{4}-\d\d-\d\dT/);

  const countdown = await call('Countdown', [{ count: 3, interval: '0s' }]);
  assert.deepEqual(
    countdown.responses.map((r) => (r as { index: number }).index),
    [1, 2, 3],
  );
  const collect = await call('Collect', [
    { word: 'x', number: '2' },
    { number: '40', mood: 'MOOD_GRUMPY' },
  ]);
  assert.equal((collect.responses[0] as { sum: string }).sum, '42');
  const chat = await call('Chat', [{ text: 'one' }, { text: 'two' }]);
  assert.equal(chat.codeName, 'OK');
  assert.ok(chat.responses.length >= 2);

  const failed = await call('Echo', [{ failWithCode: 3, failMessage: 'bad on purpose' }]);
  assert.equal(failed.codeName, 'INVALID_ARGUMENT');
  assert.equal(failed.message, 'bad on purpose');
});

test('demo: response padding over maxReceiveBytes is RESOURCE_EXHAUSTED with the limit named', async (t) => {
  const server = await demo(t);
  const connect: ConnectOptions = { endpoint: server.endpoint, maxReceiveBytes: 64 * 1024 };
  const schema = await loadSchemaByReflection(connect, 5000);
  const result = await startCall({
    connect,
    schema,
    method: findMethod(schema, 'grpcipc.demo.v1.Demo.Echo'),
    requests: [{ responseBytes: '200000' }],
    deadlineMs: 5000,
  }).result;
  assert.equal(result.codeName, 'RESOURCE_EXHAUSTED');
  assert.match(result.message, /limit of 65536 bytes/);
});

test('demo over TLS on a Unix socket, pinned to its certificate', async (t) => {
  const server = await demo(t, 'self-signed');
  const connect: ConnectOptions = { endpoint: server.endpoint, tls: { insecure: true, pin: `sha256:${server.certificate!.sha256}` } };
  const schema = await loadSchemaByReflection(connect, 5000);
  const result = await startCall({
    connect,
    schema,
    method: findMethod(schema, 'grpcipc.demo.v1.Demo/Echo'),
    requests: [{}],
    deadlineMs: 5000,
  }).result;
  assert.equal(result.codeName, 'OK');
  assert.equal(result.peerCertificate?.sha256, server.certificate!.sha256);
});

test('demo socket: owner-only mode, owned by us', async (t) => {
  const server = await demo(t);
  const facts = await inspectOwner(server.endpoint);
  assert.equal(facts.fileMode, '0600');
  assert.deepEqual(checkExpectedOwner(facts, String(os.userInfo().uid)), { ok: true });
});
