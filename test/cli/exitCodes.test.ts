// The exit code of `grpc-ipc call` for each failure that grpc-js would report as a status: every one of
// these is thrown before or instead of a status, so it only gets its code from the mapping in
// src/cli/exitCodes.ts (without it, it would fall back to 1).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { runCli, useCliBundle } from '../helpers/cliRunner';
import { makeStaleSocket, selfSignedCertificate, startHttp1Server, startShopServer, tempDir } from '../helpers/servers';

const bundle = useCliBundle();
const cli = (args: string[]) => runCli(bundle.path(), args);

const UNAVAILABLE = 64 + 14;
const RESOURCE_EXHAUSTED = 64 + 8;
const echo = ['shop.v1.Shop/GetItem', '-d', '{"id":"1"}'];

test('a stale socket exits 78 (UNAVAILABLE)', async (t) => {
  const socket = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socket);
  const run = await cli(['call', `unix:${socket}`, ...echo]);
  assert.match(run.stderr, /stale/i);
  assert.equal(run.code, UNAVAILABLE, run.stderr);
});

test('a listener that does not speak gRPC exits 78 (UNAVAILABLE)', async (t) => {
  const socket = path.join(tempDir(t), 'http1.sock');
  await startHttp1Server(t, socket);
  const run = await cli(['call', `unix:${socket}`, ...echo, '--deadline', '5s']);
  assert.match(run.stderr, /does not speak gRPC/);
  assert.equal(run.code, UNAVAILABLE, run.stderr);
});

async function tlsServer(t: Parameters<typeof tempDir>[0]) {
  const socket = path.join(tempDir(t), 'tls.sock');
  const { cert, key } = await selfSignedCertificate();
  const credentials = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(key), cert_chain: Buffer.from(cert) }]);
  const shop = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha', credentials });
  return { target: `unix:${socket}`, shop };
}

test('a TLS failure (an unverified certificate) exits 78 (UNAVAILABLE)', async (t) => {
  const { target, shop } = await tlsServer(t);
  const run = await cli(['call', target, ...echo, '--tls']);
  assert.match(run.stderr, /certificate did not verify/);
  assert.equal(run.code, UNAVAILABLE, run.stderr);
  assert.deepEqual(shop.received, []);
});

test('a pin mismatch exits 78 (UNAVAILABLE) and sends nothing', async (t) => {
  const { target, shop } = await tlsServer(t);
  const run = await cli(['call', target, ...echo, '--tls', '--insecure', '--pin', `sha256:${'0'.repeat(64)}`]);
  assert.match(run.stderr, /does not match the pin/);
  assert.equal(run.code, UNAVAILABLE, run.stderr);
  assert.deepEqual(shop.received, []);
});

test('a reply over the size limit before the call exits 72 (RESOURCE_EXHAUSTED)', async (t) => {
  const socket = path.join(tempDir(t), 'shop.sock');
  await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha' });
  // The reflection answer that describes the service is larger than 64 bytes.
  const run = await cli(['call', `unix:${socket}`, ...echo, '--max-receive-bytes', '64']);
  assert.match(run.stderr, /larger than the limit of 64 bytes/);
  assert.equal(run.code, RESOURCE_EXHAUSTED, run.stderr);
});

test('--expect-owner on a missing Unix socket says the socket is missing and exits 78 (UNAVAILABLE), not an owner refusal', async (t) => {
  const socket = path.join(tempDir(t), 'gone.sock');
  const run = await cli(['call', `unix:${socket}`, ...echo, '--expect-owner', String(process.getuid?.() ?? 0)]);
  assert.match(run.stderr, /does not exist/);
  assert.equal(run.code, 64 + 14, run.stderr);
});
