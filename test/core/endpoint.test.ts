import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertReachable, formatTarget, grpcTarget, parseTarget } from '../../src/ipc/endpoint';
import { IpcError } from '../../src/ipc/errors';

test('parses every accepted target form', () => {
  assert.deepEqual(parseTarget('unix:/run/app.sock'), { kind: 'unix', path: '/run/app.sock' });
  assert.deepEqual(parseTarget('unix:///run/app.sock'), { kind: 'unix', path: '/run/app.sock' });
  assert.deepEqual(parseTarget('unix:rel/app.sock', '/home/me'), { kind: 'unix', path: '/home/me/rel/app.sock' });
  assert.deepEqual(parseTarget('unix-abstract:my-app'), { kind: 'abstract', name: 'my-app' });
  assert.deepEqual(parseTarget('npipe:MyPipe'), { kind: 'pipe', name: 'MyPipe' });
  assert.deepEqual(parseTarget('\\\\.\\pipe\\MyPipe'), { kind: 'pipe', name: 'MyPipe' });
  assert.deepEqual(parseTarget('localhost:50051'), { kind: 'tcp', host: 'localhost', port: 50051 });
  assert.deepEqual(parseTarget('dns:127.0.0.1:8080'), { kind: 'tcp', host: '127.0.0.1', port: 8080 });
  assert.deepEqual(parseTarget('[::1]:9000'), { kind: 'tcp', host: '::1', port: 9000 });
});

test('formatTarget round-trips', () => {
  for (const target of ['unix:/a/b.sock', 'unix-abstract:x', 'npipe:P', 'h:1', '[::1]:2']) {
    assert.equal(formatTarget(parseTarget(target)), target);
  }
});

test('rejects unknown forms with the accepted ones named', () => {
  for (const bad of ['', 'http://x', 'localhost', 'unix:', 'host:99999', 'unix://relative']) {
    assert.throws(() => parseTarget(bad), (error: unknown) => error instanceof IpcError && error.code === 'bad-target' && /Accepted forms/.test(error.describe()));
  }
});

test('refuses socket paths Node would truncate', () => {
  const long = { kind: 'unix', path: '/tmp/' + 'x'.repeat(120) } as const;
  assert.throws(() => assertReachable(long, 'linux'), /at most 107/);
  assert.throws(() => assertReachable({ kind: 'unix', path: '/tmp/' + 'x'.repeat(100) }, 'darwin'), /at most 103/);
  assertReachable({ kind: 'unix', path: '/tmp/' + 'x'.repeat(100) }, 'linux');
});

test('refuses abstract sockets on Node < 22 and pipes off Windows', () => {
  assert.throws(() => assertReachable({ kind: 'abstract', name: 'a' }, 'linux', '20.11.0'), /Node ≥ 22/);
  assertReachable({ kind: 'abstract', name: 'a' }, 'linux', '22.3.0');
  assert.throws(() => assertReachable({ kind: 'pipe', name: 'p' }, 'linux'), /Windows transport/);
  assert.equal(grpcTarget({ kind: 'abstract', name: 'a' }), 'unix:\0a');
});
