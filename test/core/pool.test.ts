import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
  const call = () => startCall({ connect, schema: { registry }, method: probeMethod('Echo', registry), requests: [{ text: 'x' }], deadlineMs: 5000, pool }).result;

  assert.equal((await call()).codeName, 'OK');
  const first = pool.get(connect);
  assert.ok(first, 'the first call leaves its channel in the pool');
  assert.equal((await call()).codeName, 'OK');
  assert.equal(pool.get(connect), first, 'the second call used the same channel');

  await server.close();
  // The call that finds the server gone may fail either way; the one after it must explain why.
  const lost = await call().then((result) => result.codeName, (error: unknown) => (error as Error).message);
  assert.notEqual(lost, 'OK');
  await assert.rejects(call(), (error: unknown) => error instanceof IpcError && error.code === 'socket-missing');
});
