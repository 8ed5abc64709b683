import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as grpc from '@grpc/grpc-js';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainGrpcError, openConnection, type Connection } from '../../src/ipc/connection';
import type { Endpoint } from '../../src/ipc/endpoint';
import { IpcError, type IpcErrorCode } from '../../src/ipc/errors';
import { listServicesByReflection } from '../../src/ipc/reflection/client';
import { normalizePin } from '../../src/ipc/tls';
import type { ConnectOptions, TlsOptions } from '../../src/ipc/types';
import { selfSignedCertificate, startShopServer, tempDir } from '../helpers/servers';

/** One empty unary call, which is enough to complete a handshake. */
function ping(connection: Connection): Promise<void> {
  return new Promise((resolve, reject) =>
    connection.client.makeUnaryRequest(
      '/shop.v1.Shop/Ping',
      (value: Buffer) => value,
      (value: Buffer) => value,
      Buffer.alloc(0),
      { deadline: new Date(Date.now() + 5000) },
      (error: grpc.ServiceError | null) => (error ? reject(error) : resolve()),
    ),
  );
}

async function pingWith(options: ConnectOptions): Promise<Connection> {
  const connection = openConnection(options);
  try {
    await ping(connection);
  } catch (error) {
    throw explainGrpcError(error, options.endpoint, { deadlineMs: 5000 });
  } finally {
    connection.close();
  }
  return connection;
}

function isIpc(code: IpcErrorCode, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof IpcError, `expected IpcError, got ${String(error)}`);
    assert.equal(error.code, code, error.describe());
    if (pattern) assert.match(error.describe(), pattern);
    return true;
  };
}

/** A TLS shop server on a Unix socket, with the certificate also written to a file for --ca. */
async function tlsServer(t: import('node:test').TestContext, pems?: { cert: string; key: string }) {
  const dir = tempDir(t);
  const socket = path.join(dir, 'tls.sock');
  const certificate = pems ?? (await selfSignedCertificate());
  const caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, certificate.cert);
  const server = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha', tls: certificate });
  const endpoint: Endpoint = { kind: 'unix', path: socket };
  const sha256 = new X509Certificate(certificate.cert).fingerprint256.replace(/:/g, '').toLowerCase();
  return { dir, server, endpoint, caFile, sha256, certificate };
}

test('TLS over a Unix socket verifies against a CA file and captures the certificate', async (t) => {
  const { endpoint, caFile, sha256 } = await tlsServer(t);
  const connection = await pingWith({ endpoint, tls: { ca: caFile } });
  const peer = connection.peerCertificate();
  assert.ok(peer);
  assert.equal(peer.sha256, sha256);
  assert.equal(peer.chainVerified, true);
  assert.match(peer.subject, /CN=grpc-ipc-test/);
  assert.deepEqual(peer.subjectAltNames, ['DNS:localhost', 'DNS:shop.internal']);
  assert.ok(Date.parse(peer.validTo) > Date.now());
  // Reflection runs over the same TLS setup.
  const listed = await listServicesByReflection({ endpoint, tls: { ca: caFile } }, 5000);
  assert.equal(listed.version, 'v1');
});

test('a self-signed certificate is refused against the system roots, before any request', async (t) => {
  const { endpoint, server, sha256 } = await tlsServer(t);
  await assert.rejects(
    pingWith({ endpoint, tls: {} }),
    isIpc(
      'tls',
      new RegExp(
        `did not verify: self-signed certificate.*Its fingerprint is sha256:${sha256}.*use --insecure with --pin sha256:${sha256}`,
      ),
    ),
  );
  assert.deepEqual(server.received, []);
});

test('insecure skips verification but still captures the certificate', async (t) => {
  const { endpoint, sha256, server } = await tlsServer(t);
  const connection = await pingWith({ endpoint, tls: { insecure: true } });
  const peer = connection.peerCertificate();
  assert.equal(peer?.sha256, sha256);
  assert.equal(peer?.chainVerified, false);
  assert.match(peer?.chainError ?? '', /self[- ]signed/i);
  assert.deepEqual(server.received, ['/shop.v1.Shop/Ping']);
});

test('a matching pin lets the call through, with or without a CA', async (t) => {
  const { endpoint, sha256, caFile, server } = await tlsServer(t);
  const colons = `SHA256:${sha256.toUpperCase().match(/../g)!.join(':')}`;
  await pingWith({ endpoint, tls: { insecure: true, pin: colons } });
  await pingWith({ endpoint, tls: { ca: caFile, pin: `sha256:${sha256}` } });
  assert.equal(server.received.length, 2);
});

test('a pin mismatch is refused in the handshake: the handler never sees a request', async (t) => {
  const { endpoint, sha256, caFile, server } = await tlsServer(t);
  const wrong = 'ab'.repeat(32);
  for (const tls of [
    { insecure: true, pin: `sha256:${wrong}` },
    { ca: caFile, pin: `sha256:${wrong}` },
  ] satisfies TlsOptions[]) {
    await assert.rejects(
      pingWith({ endpoint, tls }),
      isIpc('pin-mismatch', new RegExp(`expected sha256:${wrong}, got sha256:${sha256}.*No request was sent`)),
    );
  }
  await assert.rejects(
    listServicesByReflection({ endpoint, tls: { insecure: true, pin: `sha256:${wrong}` } }, 5000),
    isIpc('pin-mismatch'),
  );
  assert.deepEqual(server.received, []);
});

test('a malformed pin is a usage error', () => {
  assert.throws(() => normalizePin('sha256:1234'), isIpc('usage', /64 hex digits/));
  assert.equal(normalizePin('sha256:' + 'AB:'.repeat(31) + 'AB'), 'ab'.repeat(32));
});

test('--server-name verifies a certificate issued for another host', async (t) => {
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'shop.internal' }], {
    keyType: 'ec',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'shop.internal' }] }],
  });
  const { endpoint, caFile } = await tlsServer(t, { cert: pems.cert, key: pems.private });
  await assert.rejects(pingWith({ endpoint, tls: { ca: caFile } }), isIpc('tls', /--server-name/));
  const connection = await pingWith({ endpoint, tls: { ca: caFile, serverName: 'shop.internal' } });
  assert.equal(connection.peerCertificate()?.chainVerified, true);
});

test('mutual TLS: the client certificate is sent when given, and required by the server', async (t) => {
  const dir = tempDir(t);
  const socket = path.join(dir, 'm.sock');
  const serverPems = await selfSignedCertificate();
  const clientPems = await selfSignedCertificate();
  const files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'client.pem'), key: path.join(dir, 'client.key') };
  fs.writeFileSync(files.ca, serverPems.cert);
  fs.writeFileSync(files.cert, clientPems.cert);
  fs.writeFileSync(files.key, clientPems.key, { mode: 0o600 });
  const grpcJs = await import('@grpc/grpc-js');
  const { startShopServerWith } = await import('../helpers/servers');
  await startShopServerWith(
    t,
    `unix:${socket}`,
    grpcJs.ServerCredentials.createSsl(
      Buffer.from(clientPems.cert),
      [{ cert_chain: Buffer.from(serverPems.cert), private_key: Buffer.from(serverPems.key) }],
      true,
    ),
  );
  const endpoint: Endpoint = { kind: 'unix', path: socket };
  await pingWith({ endpoint, tls: files });
  await assert.rejects(pingWith({ endpoint, tls: { ca: files.ca } }), isIpc('tls', /certificate required.*--cert and --key/));
  assert.throws(() => openConnection({ endpoint, tls: { ca: files.ca, cert: files.cert } }), isIpc('usage', /both --cert and --key/));
  assert.throws(() => openConnection({ endpoint, tls: { ca: path.join(dir, 'nope.pem') } }), isIpc('usage', /Cannot read the CA file/)); // an input error: exit 2
});

test('plaintext to a TLS server, and TLS to a plaintext server, each say what to change', async (t) => {
  const { endpoint } = await tlsServer(t);
  await assert.rejects(pingWith({ endpoint }), isIpc('not-grpc', /use --tls/));
  const socket = path.join(tempDir(t), 'plain.sock');
  await startShopServer(t, { listen: `unix:${socket}`, reflection: 'none' });
  await assert.rejects(pingWith({ endpoint: { kind: 'unix', path: socket }, tls: { insecure: true } }), isIpc('tls', /does not speak TLS/));
});

test('TLS over TCP, verified by name', async (t) => {
  const pems = await selfSignedCertificate();
  const caFile = path.join(tempDir(t), 'ca.pem');
  fs.writeFileSync(caFile, pems.cert);
  const server = await startShopServer(t, { listen: '127.0.0.1:0', reflection: 'v1+v1alpha', tls: pems });
  const port = Number(server.target.split(':').pop());
  const connection = await pingWith({ endpoint: { kind: 'tcp', host: '127.0.0.1', port }, tls: { ca: caFile, serverName: 'localhost' } });
  assert.equal(connection.peerCertificate()?.chainVerified, true);
  await assert.rejects(pingWith({ endpoint: { kind: 'tcp', host: '127.0.0.1', port }, tls: { ca: caFile } }), isIpc('tls'));
});
