import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { X509Certificate } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { generateCertificate } from '../../src/ipc/certs';
import { startDemoServer } from '../../src/ipc/demo/server';
import { nodeMajor, parseTarget } from '../../src/ipc/endpoint';
import { demoClients, unary } from '../helpers/demoClient';

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('tcp on port 0 reports the port it got', async (t) => {
  const server = await startDemoServer({ listen: { kind: 'tcp', host: '127.0.0.1', port: 0 } });
  t.after(() => server.close());
  assert.equal(server.endpoint.kind, 'tcp');
  assert.ok(server.endpoint.kind === 'tcp' && server.endpoint.port > 0);
  assert.deepEqual(parseTarget(server.target), server.endpoint);
  const clients = demoClients(server.endpoint);
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', {})).message, 'hello');
  assert.equal((await unary(clients.health, 'Check', { service: '' })).status, 'SERVING');
});

test('self-signed TLS over a unix socket: the client that trusts the certificate gets through', async (t) => {
  const dir = tempDir(t);
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'tls.sock') }, tls: 'self-signed' });
  t.after(() => server.close());
  assert.ok(server.certificate);
  const certificate = new X509Certificate(server.certificate.pem);
  assert.equal(server.certificate.sha256, certificate.fingerprint256.replace(/:/g, '').toLowerCase());
  assert.match(server.certificate.sha256, /^[0-9a-f]{64}$/);
  assert.equal(certificate.subject, 'CN=localhost');
  assert.match(certificate.subjectAltName ?? '', /DNS:localhost/);
  assert.match(certificate.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);

  const trusted = demoClients(server.endpoint, grpc.credentials.createSsl(Buffer.from(server.certificate.pem)), {
    'grpc.ssl_target_name_override': 'localhost',
  });
  t.after(() => trusted.close());
  assert.equal((await unary(trusted.demo, 'Echo', { message: 'secure' })).message, 'secure');

  const plain = demoClients(server.endpoint);
  t.after(() => plain.close());
  await assert.rejects(unary(plain.demo, 'Echo', {}), { code: grpc.status.UNAVAILABLE });
});

test('TLS from certificate and key files signed by a CA', async (t) => {
  const dir = tempDir(t);
  const ca = await generateCertificate({ isCa: true, commonName: 'grpc-ipc test CA' });
  const leaf = await generateCertificate({ issuer: ca });
  fs.writeFileSync(path.join(dir, 'server.pem'), leaf.certPem);
  fs.writeFileSync(path.join(dir, 'server.key'), leaf.keyPem, { mode: 0o600 });
  const server = await startDemoServer({
    listen: { kind: 'tcp', host: '127.0.0.1', port: 0 },
    tls: { certFile: path.join(dir, 'server.pem'), keyFile: path.join(dir, 'server.key') },
  });
  t.after(() => server.close());
  assert.equal(server.certificate?.sha256, leaf.sha256);
  const clients = demoClients(server.endpoint, grpc.credentials.createSsl(Buffer.from(ca.certPem)), {
    'grpc.ssl_target_name_override': 'localhost',
  });
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', {})).message, 'hello');
});

test('an unreadable certificate file is a clear TLS error', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'not-a-cert.pem'), 'hello');
  fs.writeFileSync(path.join(dir, 'key.pem'), 'hello');
  await assert.rejects(
    startDemoServer({
      listen: { kind: 'unix', path: path.join(dir, 'a.sock') },
      tls: { certFile: path.join(dir, 'missing.pem'), keyFile: path.join(dir, 'key.pem') },
    }),
    { name: 'IpcError', code: 'tls', message: /Cannot read the certificate file .*missing\.pem \(ENOENT\)/ },
  );
  await assert.rejects(
    startDemoServer({
      listen: { kind: 'unix', path: path.join(dir, 'a.sock') },
      tls: { certFile: path.join(dir, 'not-a-cert.pem'), keyFile: path.join(dir, 'key.pem') },
    }),
    { name: 'IpcError', code: 'tls' },
  );
  assert.equal(fs.existsSync(path.join(dir, 'a.sock')), false);
});

test(
  'abstract socket on Node < 22 is refused with the reason',
  { skip: nodeMajor() >= 22 ? 'this runtime is Node 22 or later' : false },
  async () => {
    await assert.rejects(startDemoServer({ listen: { kind: 'abstract', name: `gi-demo-${process.pid}` } }), {
      name: 'IpcError',
      code: 'abstract-needs-node22',
      message: /Abstract sockets need Node ≥ 22/,
    });
  },
);

test(
  'abstract socket binds the exact name and answers',
  {
    skip:
      process.platform !== 'linux'
        ? 'abstract sockets exist only on Linux'
        : nodeMajor() < 22
          ? 'abstract sockets need Node ≥ 22 (VS Code ≥ 1.101)'
          : false,
  },
  async (t) => {
    const name = `gi-demo-${process.pid}`;
    const server = await startDemoServer({ listen: { kind: 'abstract', name } });
    t.after(() => server.close());
    assert.equal(server.target, `unix-abstract:${name}`);
    // The kernel shows the name without padding, so servers in other languages can reach it.
    const listening = fs
      .readFileSync('/proc/net/unix', 'utf8')
      .split('\n')
      .filter((line) => line.endsWith(` @${name}`) && line.split(/\s+/)[3] === '00010000');
    assert.equal(listening.length, 1);
    const clients = demoClients(server.endpoint);
    t.after(() => clients.close());
    assert.equal((await unary(clients.demo, 'Echo', { message: 'abstract' })).message, 'abstract');
    await assert.rejects(startDemoServer({ listen: { kind: 'abstract', name } }), {
      name: 'IpcError',
      code: 'address-in-use',
      message: `Another server is already listening on unix-abstract:${name}.`,
    });
  },
);

test(
  'named pipes are refused off Windows',
  { skip: process.platform === 'win32' ? 'runs on Windows in the Wine tier' : false },
  async () => {
    await assert.rejects(startDemoServer({ listen: { kind: 'pipe', name: 'grpc-ipc-demo' } }), {
      name: 'IpcError',
      code: 'pipe-not-supported',
    });
  },
);
