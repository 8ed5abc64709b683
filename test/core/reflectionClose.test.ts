// How the reflection client ends its stream. ASP.NET Core logs a reset (cancelled) request stream as an
// error in the server's log, so the client half-closes and lets the server finish; only a server that
// never finishes is cancelled, after a short grace.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { listServicesByReflection } from '../../src/ipc/reflection/client';
import { tempDir } from '../helpers/servers';

const PROTOS = path.resolve(__dirname, '../../protos');

/**
 * A v1 reflection server that lists one service. After the client's half-close it works for a moment,
 * as a real server may, then (when `finish`) ends the stream; `outcome` says whether the client had
 * cancelled the call by then. Without `finish` it never ends the stream, and `outcome` waits for the
 * cancellation.
 */
async function startReflectionServer(t: TestContext, finish: boolean): Promise<{ socket: string; outcome: Promise<string> }> {
  const definition = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [PROTOS], keepCase: true });
  const service = definition['grpc.reflection.v1.ServerReflection'] as grpc.ServiceDefinition;
  let report: (outcome: string) => void = () => undefined;
  const outcome = new Promise<string>((resolve) => (report = resolve));
  const server = new grpc.Server();
  server.addService(service, {
    ServerReflectionInfo: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on('data', () => call.write({ list_services_response: { service: [{ name: 'x.v1.X' }] } }));
      call.on('end', () => {
        const check = setInterval(() => {
          if (call.cancelled) report('half-closed, then cancelled');
          else if (finish) report('half-closed, then answered');
          else return;
          clearInterval(check);
          if (!call.cancelled) call.end();
        }, 200);
      });
    },
  });
  const socket = path.join(tempDir(t), 'r.sock');
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  t.after(() => server.forceShutdown());
  return { socket, outcome };
}

test('the reflection stream is half-closed, not cancelled, when the server ends it', async (t) => {
  const { socket, outcome } = await startReflectionServer(t, true);
  const listed = await listServicesByReflection({ endpoint: { kind: 'unix', path: socket } }, 5000);
  assert.deepEqual(listed.services, ['x.v1.X']);
  assert.equal(await outcome, 'half-closed, then answered');
});

test('a server that never ends the reflection stream is cancelled after the grace period', async (t) => {
  const { socket, outcome } = await startReflectionServer(t, false);
  await listServicesByReflection({ endpoint: { kind: 'unix', path: socket } }, 5000);
  assert.equal(await outcome, 'half-closed, then cancelled');
});
