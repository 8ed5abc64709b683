import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DiscoveredEndpoint } from '../../src/extension/lazyCore';
import {
  checkOwner,
  endpointBadges,
  endpointDescription,
  endpointLabel,
  endpointState,
  endpointTooltipLines,
} from '../../src/extension/explorer/present';
import { parseJsonWithComments } from '../../src/extension/jsonc';

const base: DiscoveredEndpoint = {
  kind: 'unix',
  address: 'unix:/run/app.sock',
  path: '/run/app.sock',
  name: 'app.sock',
  listening: true,
  stale: false,
  uid: 1000,
  user: 'alice',
  mode: 'srwxrwxrwx',
  pid: 4242,
  command: 'dotnet Server.dll --urls unix:/run/app.sock',
  processUid: 1000,
  warnings: [],
  grpc: { reflection: 'v1', services: ['pkg.Svc'], health: 'SERVING' },
};
const me = { expected: '', currentUid: 1000, currentUser: 'alice' };

test('state follows the discovery facts and the probe', () => {
  assert.equal(endpointState(base, 'done'), 'listening');
  assert.equal(endpointState({ ...base, stale: true, listening: false }, 'done'), 'stale');
  assert.equal(endpointState({ ...base, grpc: null }, 'done'), 'not-grpc');
  assert.equal(endpointState({ ...base, grpc: null }, 'pending'), 'probing');
  assert.equal(endpointState({ ...base, grpc: null }, 'off'), 'unprobed');
  assert.equal(endpointState({ ...base, grpc: null, warnings: [{ code: 'abstract-needs-node22', message: 'x' }] }, 'done'), 'unprobed');
  assert.equal(endpointState({ ...base, listening: false }, 'done'), 'error');
  assert.equal(endpointState({ ...base, grpc: null, warnings: [{ code: 'connect-denied', message: 'x' }] }, 'done'), 'error');
});

test('owner checks compare the file and the process with the expected owner', () => {
  assert.deepEqual(checkOwner(base, me), { kind: 'ok' });
  assert.equal(checkOwner({ ...base, uid: 0, user: 'root' }, me).kind, 'mismatch');
  assert.match(
    (checkOwner({ ...base, uid: 0, user: 'root' }, me) as { message: string }).message,
    /owned by root \(uid 0\), not uid 1000 \(alice\)/,
  );
  assert.equal(checkOwner({ ...base, processUid: 33 }, me).kind, 'mismatch');
  assert.deepEqual(checkOwner(base, { ...me, expected: 'alice' }), { kind: 'ok' });
  assert.equal(checkOwner(base, { ...me, expected: '0' }).kind, 'mismatch');
  assert.deepEqual(checkOwner({ ...base, kind: 'abstract', uid: null, user: null, processUid: null }, me), { kind: 'unknown' });
});

test('description and badges carry pid, command, owner and warnings', () => {
  const warned: DiscoveredEndpoint = {
    ...base,
    uid: 0,
    user: 'root',
    warnings: [
      { code: 'world-writable', message: 'Anyone can connect to /run/app.sock.' },
      { code: 'other-user-owner', message: 'The socket file belongs to root.' },
      { code: 'owner-unknown', message: 'tooltip only' },
    ],
  };
  const badges = endpointBadges(warned, checkOwner(warned, me), 'warn');
  assert.deepEqual(badges, ['⚠ unexpected owner', '⚠ world-writable']);
  assert.deepEqual(endpointBadges(warned, checkOwner(warned, me), 'block')[0], '⛔ unexpected owner');
  assert.deepEqual(endpointBadges(warned, checkOwner(warned, me), 'off'), ['⚠ world-writable', '⚠ other-user-owner']);
  assert.equal(
    endpointDescription(warned, badges),
    'pid 4242 · dotnet Server.dll --urls unix:/run/app.… · root · ⚠ unexpected owner · ⚠ world-writable',
  );
  const tooltip = endpointTooltipLines(warned, 'listening', checkOwner(warned, me)).join('\n');
  for (const fact of [
    'Listener pid: `4242`',
    'Mode: `srwxrwxrwx`',
    'Reflection: `v1`',
    'Health: `SERVING`',
    'Anyone can connect',
    '`world-writable`',
    'owned by root',
  ])
    assert.ok(tooltip.includes(fact), `tooltip lacks ${fact}:\n${tooltip}`);
});

test('launch files may have comments and trailing commas', () => {
  const text = `{
    // a comment
    "servers": [ { "name": "a // not a comment", "args": ["x,]", ], }, ], /* block */
  }`;
  assert.deepEqual(parseJsonWithComments(text), { servers: [{ name: 'a // not a comment', args: ['x,]'] }] });
  assert.throws(() => parseJsonWithComments('{ "a": }'), SyntaxError);
});

test("rows lead with the socket's file name; the folder goes in the description", () => {
  assert.deepEqual(endpointLabel('unix:/run/user/1000/app/demo.sock'), { label: 'demo.sock', folder: '/run/user/1000/app' });
  assert.deepEqual(endpointLabel('unix-abstract:grpc-demo'), { label: '@grpc-demo' });
  assert.deepEqual(endpointLabel('localhost:50051'), { label: 'localhost:50051' });
});

test('control characters in a socket name, a command or a warning are shown escaped, never raw', () => {
  const hostile = '/tmp/\u001b[2K\rroot\u0007.sock';
  const label = endpointLabel(`unix:${hostile}`);
  assert.equal(label.label, '\\e[2K\\rroot\\x07.sock');
  assert.equal(label.folder, '/tmp');
  const endpoint = {
    ...base,
    address: `unix:${hostile}`,
    path: hostile,
    command: 'evil\u001b]0;title\u0007 --x',
    warnings: [{ code: 'world-writable' as const, message: 'bad\u001b[31m' }],
  };
  const shown = [
    label.label,
    label.folder,
    endpointDescription(endpoint, []),
    ...endpointTooltipLines(endpoint, 'listening', { kind: 'ok' }),
  ].join('\n');
  // eslint-disable-next-line no-control-regex -- the point: nothing shown may hold a raw control character
  assert.doesNotMatch(shown.replace(/\n/g, ''), /[\u0000-\u001f\u007f]/);
  assert.match(shown, /evil\\e\]0;title\\x07/);
});
