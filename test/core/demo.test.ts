/* eslint-disable @typescript-eslint/no-explicit-any -- proto-loader's dynamic clients and messages have no static types */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';
import { DemoServer, startDemoServer } from '../../src/ipc/demo/server';
import { collectStream, deadline, demoClients, reflect, unary } from '../helpers/demoClient';

describe('demo server on a unix socket', () => {
  let dir: string;
  let server: DemoServer;
  let clients: ReturnType<typeof demoClients>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
    server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
    clients = demoClients(server.endpoint);
  });
  after(async () => {
    clients.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reports its target and makes the socket owner-only', () => {
    assert.equal(server.target, `unix:${path.join(dir, 'demo.sock')}`);
    const stat = fs.statSync(path.join(dir, 'demo.sock'));
    assert.ok(stat.isSocket());
    assert.equal(stat.mode & 0o777, 0o600);
  });

  test('Echo answers an empty request with defaults', async () => {
    const response = await unary(clients.demo, 'Echo', {});
    assert.equal(response.message, 'hello');
    assert.ok(Number(response.received_at.seconds) > 0);
    assert.equal(response.padding.length, 0);
  });

  test('Echo returns the sample and the request metadata', async () => {
    const sample = {
      text: 'x',
      big: '9007199254740993',
      mood: 'MOOD_CURIOUS',
      words: ['a', 'b'],
      counts: { one: '1' },
      labels: { k: { value: 'v', mood: 'MOOD_HAPPY' } },
      location: { x: 1, y: 2 },
      blob: Buffer.from([1, 2, 3]),
    };
    const metadata = new grpc.Metadata();
    metadata.set('x-trace', 'abc');
    const response = await unary(clients.demo, 'Echo', { message: 'hi', sample }, metadata);
    assert.equal(response.message, 'hi');
    assert.equal(response.sample.big, '9007199254740993');
    assert.equal(response.sample.choice, 'location');
    assert.deepEqual(response.sample.location, { x: 1, y: 2 });
    assert.deepEqual(response.sample.labels.k, { value: 'v', mood: 'MOOD_HAPPY' });
    assert.deepEqual([...response.sample.blob], [1, 2, 3]);
    assert.equal(response.metadata['x-trace'], 'abc');
  });

  test('Echo fails with the status code it is asked for', async () => {
    await assert.rejects(unary(clients.demo, 'Echo', { fail_with_code: grpc.status.PERMISSION_DENIED, fail_message: 'nope' }), {
      code: grpc.status.PERMISSION_DENIED,
      details: 'nope',
    });
    await assert.rejects(unary(clients.demo, 'Echo', { fail_with_code: 99 }), { code: grpc.status.INVALID_ARGUMENT });
  });

  test('Echo padding beyond the 4 MiB receive limit is refused by the client', async () => {
    await assert.rejects(unary(clients.demo, 'Echo', { response_bytes: 5 * 1024 * 1024 }), { code: grpc.status.RESOURCE_EXHAUSTED });
    const big = await unary(clients.demo, 'Echo', { response_bytes: 1024 * 1024 });
    assert.equal(big.padding.length, 1024 * 1024);
  });

  test('Echo with a delay longer than the deadline ends with DEADLINE_EXCEEDED', async () => {
    await assert.rejects(unary(clients.demo, 'Echo', { delay: { seconds: 30 } }, new grpc.Metadata(), { deadline: deadline(300) }), {
      code: grpc.status.DEADLINE_EXCEEDED,
    });
    await assert.rejects(unary(clients.demo, 'Echo', { delay: { seconds: 61 } }), { code: grpc.status.INVALID_ARGUMENT });
  });

  test('Countdown stops when the client cancels a long stream', async () => {
    const call = clients.demo.Countdown({ count: 1_000_000, interval: { seconds: 0 } }, { deadline: deadline() });
    let received = 0;
    const ended = new Promise<unknown>((resolve) => call.on('error', resolve));
    call.on('data', () => {
      if (++received === 5) call.cancel();
    });
    assert.equal(((await ended) as grpc.ServiceError).code, grpc.status.CANCELLED);
    assert.ok(received < 1_000_000);
  });

  test('Countdown streams 3 messages for an empty request', async () => {
    const messages = await collectStream(clients.demo.Countdown({}, { deadline: deadline() }));
    assert.deepEqual(
      messages.map((m) => [m.index, m.remaining]),
      [
        [1, 2],
        [2, 1],
        [3, 0],
      ],
    );
  });

  test('Countdown sends many payloads back to back and can end with an error', async () => {
    const messages = await collectStream(
      clients.demo.Countdown({ count: 2000, payload_size: 1024, interval: { seconds: 0 } }, { deadline: deadline() }),
    );
    assert.equal(messages.length, 2000);
    assert.equal(messages[1999].payload.length, 1024);
    await assert.rejects(
      collectStream(
        clients.demo.Countdown({ count: 2, interval: { seconds: 0 }, fail_with_code: grpc.status.ABORTED }, { deadline: deadline() }),
      ),
      {
        code: grpc.status.ABORTED,
      },
    );
  });

  test('Collect sums what the client streams', async () => {
    const response = await new Promise<any>((resolve, reject) => {
      const call = clients.demo.Collect({ deadline: deadline() }, (error: Error | null, value: unknown) =>
        error ? reject(error) : resolve(value),
      );
      call.write({});
      call.write({ word: 'two', number: '40', mood: 'MOOD_GRUMPY' });
      call.write({ number: '2' });
      call.end();
    });
    assert.equal(response.count, 3);
    assert.equal(response.sum, '42');
    assert.deepEqual(response.words, ['item', 'two', 'item']);
    assert.deepEqual(response.moods, { MOOD_UNSPECIFIED: 2, MOOD_GRUMPY: 1 });
  });

  test('Chat greets, answers and says goodbye', async () => {
    const call = clients.demo.Chat({ deadline: deadline() });
    const done = collectStream(call);
    call.write({});
    call.end();
    const messages = await done;
    assert.equal(messages.length, 3);
    assert.match(messages[0].text, /Welcome/);
    assert.equal(messages[1].text, 'You said: hello');
    assert.match(messages[2].text, /Goodbye after 1 message/);
    assert.deepEqual(
      messages.map((m) => m.sequence),
      [1, 2, 3],
    );
  });

  test('health says SERVING for the server and the demo service', async () => {
    assert.equal((await unary(clients.health, 'Check', { service: '' })).status, 'SERVING');
    assert.equal((await unary(clients.health, 'Check', { service: 'grpcipc.demo.v1.Demo' })).status, 'SERVING');
    await assert.rejects(unary(clients.health, 'Check', { service: 'no.Such' }), { code: grpc.status.NOT_FOUND });
  });

  for (const version of ['v1', 'v1alpha'] as const) {
    test(`reflection ${version} lists the services and describes the demo`, async () => {
      const client = version === 'v1' ? clients.reflectionV1 : clients.reflectionV1alpha;
      const list = await reflect(client, { list_services: '*' });
      const names = list.list_services_response.service.map((s: { name: string }) => s.name).sort();
      assert.ok(names.includes('grpcipc.demo.v1.Demo'), `services: ${names.join(', ')}`);
      const files = await reflect(client, { file_containing_symbol: 'grpcipc.demo.v1.Demo' });
      const decoded = files.file_descriptor_response.file_descriptor_proto.map((bytes: Buffer) => FileDescriptorProto.decode(bytes) as any);
      const service = decoded.flatMap((file: any) => file.service).find((s: any) => s.name === 'Demo');
      assert.deepEqual(
        service.method.map((m: any) => [m.name, Boolean(m.clientStreaming), Boolean(m.serverStreaming)]),
        [
          ['Echo', false, false],
          ['Countdown', false, true],
          ['Collect', true, false],
          ['Chat', true, true],
        ],
      );
    });
  }
});
