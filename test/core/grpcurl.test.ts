import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { grpcurlArgs, grpcurlCommand, type GrpcurlRequest, platformShell, quote } from '../../src/ipc/grpcurl';
import { IpcError } from '../../src/ipc/errors';

const posix = { secrets: 'mask', shell: 'posix' } as const;

test('describe and call over a Unix socket pass the path with -unix', () => {
  assert.equal(
    grpcurlCommand({ endpoint: { kind: 'unix', path: '/run/app.sock' } }, posix),
    'grpcurl -plaintext -unix /run/app.sock describe',
  );
  assert.equal(
    grpcurlCommand({ endpoint: { kind: 'unix', path: '/run/app.sock' }, method: 'pkg.Svc/Method' }, posix),
    "grpcurl -plaintext -d '{}' -unix /run/app.sock pkg.Svc/Method",
  );
});

test('abstract sockets, TCP and IPv6 addresses', () => {
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'abstract', name: 'app' } }, 'mask'), ['-plaintext', '-unix', '@app', 'describe']);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'tcp', host: 'localhost', port: 50051 }, method: '/a.B/C' }, 'mask'), [
    '-plaintext',
    '-d',
    '{}',
    'localhost:50051',
    'a.B/C',
  ]);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'tcp', host: '::1', port: 1 } }, 'mask').slice(-2), ['[::1]:1', 'describe']);
  assert.deepEqual(grpcurlArgs({ endpoint: { kind: 'abstract', name: 'a' }, symbol: 'p.Svc' }, 'mask').slice(-2), ['describe', 'p.Svc']);
});

test('a call as the panel sets it up: the dotted method, pretty JSON compacted one message a line', () => {
  const args = grpcurlArgs(
    {
      endpoint: { kind: 'unix', path: '/run/app.sock' },
      schema: { kind: 'reflection' },
      method: 'grpcipc.demo.v1.Demo.Echo',
      requests: ['{\n  "text": "hi"\n}', '{"text":"again"}'],
    },
    'mask',
  );
  assert.deepEqual(args, ['-plaintext', '-d', '{"text":"hi"}\n{"text":"again"}', '-unix', '/run/app.sock', 'grpcipc.demo.v1.Demo/Echo']);
});

test('TLS, protos, metadata, the deadline and quoting', () => {
  const request: GrpcurlRequest = {
    endpoint: { kind: 'unix', path: '/tmp/my dir/s.sock' },
    tls: { ca: '/c/ca.pem', cert: '/c/c.pem', key: '/c/k.pem', serverName: 'svc.local', insecure: true },
    schema: { kind: 'proto', files: ['/p/a.proto'], importPaths: ['/p'] },
    method: 'p.S/M',
    requests: [`{"name":"it's"}`],
    metadata: [
      { key: 'x-id', value: '1' },
      { key: 'authorization', value: 'Bearer hunter2', secret: true },
    ],
    deadlineMs: 2500,
  };
  const command = grpcurlCommand(request, posix);
  assert.equal(
    command,
    `grpcurl -insecure -cacert /c/ca.pem -cert /c/c.pem -key /c/k.pem -servername svc.local -import-path /p -proto /p/a.proto -H 'x-id: 1' -H 'authorization: <secret>' -max-time 2.5 -d '{"name":"it'\\''s"}' -unix '/tmp/my dir/s.sock' p.S/M`,
  );
  assert.doesNotMatch(command, /hunter2/);
});

test('secret metadata is copied as typed only when the caller says so', () => {
  const request = {
    endpoint: { kind: 'unix' as const, path: '/a.sock' },
    method: 'a.B/C',
    metadata: [{ key: 'authorization', value: 'Bearer hunter2', secret: true }],
  };
  assert.ok(grpcurlArgs(request, 'mask').includes('authorization: <secret>'));
  assert.ok(grpcurlArgs(request, 'include').includes('authorization: Bearer hunter2'));
  assert.doesNotMatch(grpcurlCommand(request, { secrets: 'mask', shell: 'powershell' }), /hunter2/);
});

test('a protoset source uses -protoset', () => {
  const args = grpcurlArgs(
    { endpoint: { kind: 'tcp', host: '::1', port: 50051 }, schema: { kind: 'protoset', file: '/p/set.pb' }, method: 'a.B.C' },
    'mask',
  );
  assert.deepEqual(args, ['-plaintext', '-protoset', '/p/set.pb', '-d', '{}', '[::1]:50051', 'a.B/C']);
});

test('the shells: POSIX and PowerShell quote what they would split or expand', () => {
  assert.equal(quote('/tmp/a b.sock', 'posix'), `'/tmp/a b.sock'`);
  assert.equal(quote(`it's`, 'posix'), `'it'\\''s'`);
  assert.equal(quote('$HOME', 'posix'), `'$HOME'`);
  assert.equal(quote(`it's`, 'powershell'), `'it''s'`);
  assert.match(
    grpcurlCommand(
      { endpoint: { kind: 'unix', path: '/a b' }, requests: ["it's"], method: 'a.B/C' },
      { secrets: 'mask', shell: 'powershell' },
    ),
    /'it''s'/,
  );
  assert.equal(platformShell('win32'), 'powershell');
  assert.equal(platformShell('linux'), 'posix');
});

test('named pipes are refused with a hint', () => {
  assert.throws(
    () => grpcurlArgs({ endpoint: { kind: 'pipe', name: 'P' } }, 'mask'),
    (e: unknown) => e instanceof IpcError && e.code === 'pipe-not-supported' && Boolean(e.hint),
  );
});
