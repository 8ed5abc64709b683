// Calls against servers that are not what they should be: each failure to reach a gRPC server is an
// IpcError with a precise code, never a bare status.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { startCall, type CallRequest } from '../../src/ipc/call/invoke';
import type { Endpoint } from '../../src/ipc/endpoint';
import { IpcError } from '../../src/ipc/errors';
import { fixtureRegistry, probeMethod } from '../helpers/fixtureSchema';
import { makeStaleSocket, startHttp1Server, startSilentServer, tempDir } from '../helpers/servers';

const registry = fixtureRegistry();

function echo(endpoint: Endpoint, deadlineMs = 5000): CallRequest {
  return { connect: { endpoint }, schema: { registry }, method: probeMethod('Echo', registry), requests: [{}], deadlineMs };
}

const rejectsWith = (code: string) => (error: unknown) => {
  assert.ok(error instanceof IpcError, String(error));
  assert.equal(error.code, code, error.message);
  return true;
};

test('a stale socket file is socket-stale', async (t) => {
  const socket = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socket);
  await assert.rejects(startCall(echo({ kind: 'unix', path: socket })).result, rejectsWith('socket-stale'));
});

test('an HTTP/1 server is not-grpc', async (t) => {
  const socket = path.join(tempDir(t), 'http1.sock');
  await startHttp1Server(t, socket);
  await assert.rejects(startCall(echo({ kind: 'unix', path: socket })).result, rejectsWith('not-grpc'));
});

test('a server that accepts and never speaks runs into the deadline', async (t) => {
  const socket = path.join(tempDir(t), 'silent.sock');
  await startSilentServer(t, socket);
  await assert.rejects(startCall(echo({ kind: 'unix', path: socket }, 300)).result, rejectsWith('deadline'));
});

test('nothing listening on a TCP port is socket-missing', async () => {
  await assert.rejects(startCall(echo({ kind: 'tcp', host: '127.0.0.1', port: 1 })).result, rejectsWith('socket-missing'));
});
