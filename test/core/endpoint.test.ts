import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { assertReachable, draftFromEndpoint, endpointFromDraft, formatTarget, grpcTarget, parseTarget } from '../../src/ipc/endpoint';
import { IpcError } from '../../src/ipc/errors';
import type { TargetDraft } from '../../src/shared/types';

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
    assert.throws(
      () => parseTarget(bad),
      (error: unknown) => error instanceof IpcError && error.code === 'bad-target' && /Accepted forms/.test(error.describe()),
    );
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

test('panel drafts become endpoints with the same checks and messages as parseTarget, and back', () => {
  const cases: { draft: TargetDraft; as: string }[] = [
    { draft: { kind: 'unix', path: ' demo.sock ' }, as: 'unix:demo.sock' },
    { draft: { kind: 'unix', path: '/run/a b.sock' }, as: 'unix:/run/a b.sock' },
    { draft: { kind: 'abstract', name: 'grpc-demo' }, as: 'unix-abstract:grpc-demo' },
    { draft: { kind: 'pipe', name: '\\\\.\\pipe\\MyPipe' }, as: 'npipe:MyPipe' },
    { draft: { kind: 'tcp', host: '::1', port: '50051' }, as: '[::1]:50051' },
    { draft: { kind: 'tcp', host: '[::1]', port: '50051' }, as: '[::1]:50051' },
    { draft: { kind: 'tcp', host: 'localhost', port: '8080' }, as: 'localhost:8080' },
  ];
  for (const { draft, as } of cases) {
    const endpoint = endpointFromDraft(draft, '/home/me');
    assert.deepEqual(endpoint, parseTarget(as, '/home/me'), JSON.stringify(draft));
    assert.deepEqual(endpointFromDraft(draftFromEndpoint(endpoint), '/'), endpoint);
  }
  const refusals: { draft: TargetDraft; message: RegExp }[] = [
    { draft: { kind: 'unix', path: '  ' }, message: /socket path is empty/ },
    { draft: { kind: 'abstract', name: '' }, message: /abstract socket name is empty/ },
    { draft: { kind: 'pipe', name: '' }, message: /pipe name is empty/ },
    { draft: { kind: 'tcp', host: 'localhost', port: '99999' }, message: /out of range/ },
    { draft: { kind: 'tcp', host: 'localhost', port: '' }, message: /not a target this tool understands/ },
    { draft: { kind: 'tcp', host: 'a/b', port: '80' }, message: /not a target this tool understands/ },
    { draft: { kind: 'tcp', host: '', port: '80' }, message: /not a target this tool understands/ },
  ];
  for (const { draft, message } of refusals)
    assert.throws(
      () => endpointFromDraft(draft, '/'),
      (error: unknown) => error instanceof IpcError && error.code === 'bad-target' && message.test(error.message) && Boolean(error.hint),
      JSON.stringify(draft),
    );
});
