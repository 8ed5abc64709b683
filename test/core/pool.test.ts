import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { startCall } from '../../src/ipc/call/invoke';
import { ConnectionPool } from '../../src/ipc/call/pool';
import { IpcError } from '../../src/ipc/errors';
import type { ConnectOptions } from '../../src/ipc/types';
import { fixtureRegistry, probeMethod } from '../helpers/fixtureSchema';
import { startProbeServer } from '../helpers/probeServer';

const registry = fixtureRegistry();

test('a pool reuses one channel across calls and drops it once the server is gone', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'pool.sock');
  const server = await startProbeServer(`unix:${socket}`, {});
  const pool = new ConnectionPool();
  t.after(() => pool.close());
  const connect: ConnectOptions = { endpoint: { kind: 'unix', path: socket } };
  const call = () =>
    startCall({ connect, schema: { registry }, method: probeMethod('Echo', registry), requests: [{ text: 'x' }], deadlineMs: 5000, pool })
      .result;

  assert.equal((await call()).codeName, 'OK');
  const first = pool.get(connect);
  assert.ok(first, 'the first call leaves its channel in the pool');
  t.after(() => first.close()); // even if the pool forgot it, so a leak fails the test instead of hanging it
  assert.equal((await call()).codeName, 'OK');
  assert.equal(pool.get(connect), first, 'the second call used the same channel');

  assert.equal(pool.size, 1);

  await server.close();
  // Wait until grpc-js has noticed: the channel leaves READY once the server hangs up.
  const channel = first.client.getChannel();
  for (let tries = 0; tries < 5 && channel.getConnectivityState(false) === grpc.connectivityState.READY; tries++)
    await new Promise<void>((resolve) =>
      channel.watchConnectivityState(grpc.connectivityState.READY, Date.now() + 10_000, () => resolve()),
    );
  assert.equal(pool.get(connect), undefined, 'a channel that is no longer READY is not handed out');
  assert.equal(pool.size, 0, 'the dead channel was dropped from the pool');
  assert.equal(channel.getConnectivityState(false), grpc.connectivityState.SHUTDOWN, 'the dead channel was closed');
  // The next call opens afresh and runs the preflight checks, so the failure is explained precisely.
  await assert.rejects(call(), (error: unknown) => error instanceof IpcError && error.code === 'socket-missing');
});
