import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { grpcurlArgs, grpcurlCommand, shellQuote } from '../../../src/ipc/panelSupport/grpcurl';
import { IpcError } from '../../../src/ipc/errors';

test('a plaintext unix call uses -unix, -plaintext, -d and the slash method', () => {
  const args = grpcurlArgs({
    endpoint: { kind: 'unix', path: '/run/app.sock' },
    schema: { kind: 'reflection' },
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{\n  "text": "hi"\n}'],
  });
  assert.deepEqual(args, ['-unix', '-plaintext', '-d', '{"text":"hi"}', '/run/app.sock', 'grpcipc.demo.v1.Demo/Echo']);
});

test('abstract sockets are dialled with an @ address', () => {
  const args = grpcurlArgs({ endpoint: { kind: 'abstract', name: 'demo' }, schema: { kind: 'reflection' }, method: 'a.B/C', requests: [] });
  assert.deepEqual(args, ['-unix', '-plaintext', '@demo', 'a.B/C']);
});

test('TLS, protos, metadata and the deadline become the matching flags', () => {
  const args = grpcurlArgs({
    endpoint: { kind: 'tcp', host: '127.0.0.1', port: 8443 },
    tls: { ca: '/certs/ca.pem', cert: '/certs/client.pem', key: '/certs/client.key', serverName: 'demo.local', insecure: true },
    schema: { kind: 'proto', files: ['demo.proto'], importPaths: ['/protos'] },
    method: '/a.B/C',
    requests: ['{"a":1}', '{"a":2}'],
    metadata: [
      { key: 'authorization', value: 'Bearer s3cret', secret: true },
      { key: 'trace-bin', value: 'AAE=' },
    ],
    deadlineMs: 2500,
  });
  assert.deepEqual(args, [
    '-insecure',
    '-cacert',
    '/certs/ca.pem',
    '-cert',
    '/certs/client.pem',
    '-key',
    '/certs/client.key',
    '-servername',
    'demo.local',
    '-import-path',
    '/protos',
    '-proto',
    'demo.proto',
    '-H',
    'authorization: Bearer s3cret',
    '-H',
    'trace-bin: AAE=',
    '-max-time',
    '2.5',
    '-d',
    '{"a":1}\n{"a":2}',
    '127.0.0.1:8443',
    'a.B/C',
  ]);
});

test('a protoset source uses -protoset', () => {
  const args = grpcurlArgs({
    endpoint: { kind: 'tcp', host: '::1', port: 50051 },
    schema: { kind: 'protoset', file: '/p/set.pb' },
    method: 'a.B.C',
    requests: [],
  });
  assert.deepEqual(args, ['-plaintext', '-protoset', '/p/set.pb', '[::1]:50051', 'a.B/C']);
});

test('named pipes are refused with a clear error', () => {
  assert.throws(
    () => grpcurlArgs({ endpoint: { kind: 'pipe', name: 'demo' }, schema: { kind: 'reflection' }, method: 'a.B/C', requests: [] }),
    (error: unknown) => error instanceof IpcError && /named pipes/.test(error.message),
  );
});

test('the command line quotes what the shell would split or expand', () => {
  assert.equal(shellQuote('/tmp/a b.sock'), `'/tmp/a b.sock'`);
  assert.equal(shellQuote(`it's`), `'it'\\''s'`);
  assert.equal(shellQuote('$HOME'), `'$HOME'`);
  const line = grpcurlCommand({
    endpoint: { kind: 'unix', path: '/tmp/x.sock' },
    schema: { kind: 'reflection' },
    method: 'a.B/C',
    requests: ['{"t":"it\'s"}'],
  });
  assert.equal(line, `grpcurl -unix -plaintext -d '{"t":"it'\\''s"}' /tmp/x.sock a.B/C`);
});
