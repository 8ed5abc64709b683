import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { discover, type DiscoveredEndpoint } from '../../../src/ipc/discovery/discover';
import { probeEndpoint } from '../../../src/ipc/discovery/probe';
import { DEMO_SERVICE, startDemoServer } from '../../../src/ipc/demo/server';
import { shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

const linux = process.platform === 'linux';

/** A grpc-js server with only the services given (none: a bare server that answers UNIMPLEMENTED). */
async function startGrpcServer(socket: string, health?: HealthImplementation): Promise<grpc.Server> {
  const server = new grpc.Server();
  health?.addToServer(server);
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  return server;
}

test('the demo server is gRPC, SERVING, with reflection v1 and its services', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const demo = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(() => demo.close());
  // A generous deadline: this checks what the probe reads, not how fast (the bench does that).
  const facts = await probeEndpoint({ kind: 'unix', path: path.join(dir, 'demo.sock') }, 5000);
  assert.ok(facts);
  assert.equal(facts.health, 'SERVING');
  assert.equal(facts.reflection, 'v1');
  assert.ok(facts.services.includes(DEMO_SERVICE), facts.services.join(', '));
});

test('a bare grpc-js server is gRPC with health UNIMPLEMENTED and no reflection', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'bare.sock');
  const server = await startGrpcServer(socket);
  t.after(() => server.forceShutdown());
  assert.deepEqual(await probeEndpoint({ kind: 'unix', path: socket }, 5000), { reflection: null, services: [], health: 'UNIMPLEMENTED' });
});

test('a server that reports NOT_SERVING is read as such', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'sick.sock');
  const server = await startGrpcServer(socket, new HealthImplementation({ '': 'NOT_SERVING' }));
  t.after(() => server.forceShutdown());
  assert.equal((await probeEndpoint({ kind: 'unix', path: socket }, 5000))?.health, 'NOT_SERVING');
});

test('an HTTP/1 server and a silent server are not gRPC, and the probe gives up at its deadline', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const http1 = path.join(dir, 'http1.sock');
  const silent = path.join(dir, 'silent.sock');
  const a = await startListenerProcess({ paths: [http1], reply: 'http1' });
  const b = await startListenerProcess({ paths: [silent], reply: 'silent' });
  t.after(() => Promise.all([a.close(), b.close()]));
  assert.equal(await probeEndpoint({ kind: 'unix', path: http1 }, 2000), null);
  assert.equal(await probeEndpoint({ kind: 'unix', path: silent }, 300), null);
  assert.equal(await probeEndpoint({ kind: 'unix', path: path.join(dir, 'missing.sock') }, 300), null);
});

test(
  'discover streams each probe result as it finishes; a silent listener does not hold back the others',
  { skip: !linux && 'needs /proc' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const silent = path.join(dir, 'silent.sock');
    const http1 = path.join(dir, 'http1.sock');
    const stale = path.join(dir, 'stale.sock');
    const quiet = await startListenerProcess({ paths: [silent] });
    const web = await startListenerProcess({ paths: [http1], reply: 'http1' });
    const dead = await startListenerProcess({ paths: [stale] });
    await dead.crash();
    const demo = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
    t.after(() => Promise.all([quiet.close(), web.close(), demo.close()]));

    const order: string[] = [];
    const mine = (e: DiscoveredEndpoint) => e.path.startsWith(dir + path.sep);
    let listed: DiscoveredEndpoint[] = [];
    // The silent one can only finish at its (long) deadline, so the others must be reported first.
    const endpoints = await discover(
      { defaultDirs: false, dirs: [dir], probeDeadlineMs: 4000, onListed: (all) => (listed = all.filter(mine).map((e) => ({ ...e }))) },
      (endpoint) => mine(endpoint) && order.push(endpoint.name),
    );
    assert.equal(listed.length, 4);
    assert.ok(
      listed.every((e) => e.grpc === null),
      'listed before any probe result',
    );
    assert.equal(order.at(-1), 'silent.sock');
    assert.equal(order.length, 4, 'each endpoint reported once');
    const get = (name: string) => endpoints.find((e) => e.name === name)!;
    assert.equal(get('demo.sock').grpc?.health, 'SERVING');
    assert.equal(get('silent.sock').grpc, null);
    assert.equal(get('http1.sock').grpc, null);
    assert.equal(get('stale.sock').stale, true);
  },
);
