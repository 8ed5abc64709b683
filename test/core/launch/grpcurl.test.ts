import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { grpcurlArgs, grpcurlCommand } from '../../../src/ipc/grpcurl';
import { IpcError } from '../../../src/ipc/errors';

test('describe and call over a Unix socket pass the path with -unix', () => {
  assert.equal(grpcurlCommand({ endpoint: { kind: 'unix', path: '/run/app.sock' } }), 'grpcurl -plaintext -unix /run/app.sock describe');
  assert.equal(
    grpcurlCommand({ endpoint: { kind: 'unix', path: '/run/app.sock' }, method: 'pkg.Svc/Method' }),
    "grpcurl -plaintext -d '{}' -unix /run/app.sock pkg.Svc/Method",
  );
});

test('abstract sockets, TCP and IPv6 addresses', () => {
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'abstract', name: 'app' } }), ['-plaintext', '-unix', '@app', 'describe']);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'tcp', host: 'localhost', port: 50051 }, method: '/a.B/C' }), ['-plaintext', '-d', '{}', 'localhost:50051', 'a.B/C']);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'tcp', host: '::1', port: 1 } }).slice(-2), ['[::1]:1', 'describe']);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'abstract', name: 'a' }, symbol: 'p.Svc' }).slice(-2), ['describe', 'p.Svc']);
});

test('TLS, protos, metadata and quoting', () => {
  const command = grpcurlCommand({
    endpoint: { kind: 'unix', path: '/tmp/my dir/s.sock' },
    tls: { ca: '/c/ca.pem', cert: '/c/c.pem', key: '/c/k.pem', serverName: 'svc.local' },
    method: 'p.S/M',
    body: `{"name":"it's"}`,
    protoFiles: ['/p/a.proto'],
    importPaths: ['/p'],
    metadata: [{ key: 'x-id', value: '1' }, { key: 'authorization', value: 'Bearer hunter2', secret: true }],
  });
  assert.equal(
    command,
    `grpcurl -cacert /c/ca.pem -cert /c/c.pem -key /c/k.pem -servername svc.local -import-path /p -proto /p/a.proto -H 'x-id: 1' -H 'authorization: <secret>' -d '{"name":"it'\\''s"}' -unix '/tmp/my dir/s.sock' p.S/M`,
  );
  assert.doesNotMatch(command, /hunter2/);
  assert.match(grpcurlCommand({ endpoint: { kind: 'unix', path: '/a b' }, body: "it's", method: 'a.B/C' }, 'powershell'), /'it''s'/);
});

test('named pipes are refused with a hint', () => {
  assert.throws(() => grpcurlArgs({ endpoint: { kind: 'pipe', name: 'P' } }), (e: unknown) => e instanceof IpcError && e.code === 'pipe-not-supported' && Boolean(e.hint));
});
