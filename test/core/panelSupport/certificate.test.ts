import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { generate } from 'selfsigned';
import { probeCertificate } from '../../../src/ipc/panelSupport/certificate';
import { IpcError } from '../../../src/ipc/errors';

async function tlsServerOnSocket(t: import('node:test').TestContext, server: net.Server): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const socketPath = path.join(dir, 's.sock');
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  t.after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return socketPath;
}

test('reads subject, SANs, validity and the SHA-256 thumbprint over a Unix socket', async (t) => {
  const pems = await generate([{ name: 'commonName', value: 'demo.local' }], {
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'demo.local' }] }],
  });
  const server = tls.createServer({ key: pems.private, cert: pems.cert, ALPNProtocols: ['h2'] }, (socket) => socket.end());
  const socketPath = await tlsServerOnSocket(t, server);
  const peer = await probeCertificate({ kind: 'unix', path: socketPath }, { serverName: 'demo.local' });
  const expected = createHash('sha256').update(new X509Certificate(pems.cert).raw).digest('hex');
  assert.equal(peer.sha256, expected);
  assert.match(peer.subject, /CN=demo\.local/);
  assert.deepEqual(peer.subjectAltNames, ['DNS:demo.local']);
  assert.equal(peer.chainVerified, false, 'a self-signed certificate does not verify without its CA');
  assert.ok(new Date(peer.validTo) > new Date());
});

test('trusting the certificate as its own CA verifies the chain', async (t) => {
  const pems = await generate([{ name: 'commonName', value: 'demo.local' }], {
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'demo.local' }] },
    ],
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'ca.pem'), pems.cert);
  const server = tls.createServer({ key: pems.private, cert: pems.cert }, (socket) => socket.end());
  const socketPath = await tlsServerOnSocket(t, server);
  const peer = await probeCertificate({ kind: 'unix', path: socketPath }, { serverName: 'demo.local', ca: path.join(dir, 'ca.pem') });
  assert.equal(peer.chainVerified, true, peer.chainError);
});

test('a plaintext server gives a TLS error, not a hang', async (t) => {
  const server = net.createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  const socketPath = await tlsServerOnSocket(t, server);
  await assert.rejects(
    probeCertificate({ kind: 'unix', path: socketPath }, {}),
    (error: unknown) => error instanceof IpcError && error.code === 'tls',
  );
});
