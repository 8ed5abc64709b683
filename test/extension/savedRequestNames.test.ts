// Saving a request: names with folders, names that must be refused, and a socket inside the
// workspace stored as ${workspaceFolder}/… so the file works in every checkout.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { requestFilePath, workspaceRelativeTarget } from '../../src/extension/panel/savedRequest';
import type { PanelState } from '../../src/shared/protocol';

test('request names: folders kept, anything climbing out or odd refused', () => {
  assert.equal(requestFilePath('Echo'), 'Echo.json');
  assert.equal(requestFilePath(' demo / Echo.json '), 'demo/Echo.json');
  for (const bad of ['', '..', '../x', 'a/../../b', 'a b', 'x\\y', '/', 'a/./b'.replace('/./', '/../')])
    assert.equal(requestFilePath(bad), undefined, `refused: ${JSON.stringify(bad)}`);
});

test('a unix socket inside the workspace is saved relative to it; others stay as they are', () => {
  const state = (target: PanelState['target']): PanelState => ({
    target,
    tls: { kind: 'off' },
    source: { kind: 'reflection' },
    method: 'm',
    requests: ['{}'],
    metadata: [],
    deadlineMs: 1,
    maxMessageBytes: 1,
  });
  assert.deepEqual(workspaceRelativeTarget(state({ kind: 'unix', path: '/ws/app/.s/demo.sock' }), '/ws/app').target, {
    kind: 'unix',
    path: '${workspaceFolder}/.s/demo.sock',
  });
  assert.deepEqual(workspaceRelativeTarget(state({ kind: 'unix', path: '/ws/other.sock' }), '/ws/app').target, {
    kind: 'unix',
    path: '/ws/other.sock',
  });
  assert.deepEqual(workspaceRelativeTarget(state({ kind: 'unix', path: '/ws/app-2/x.sock' }), '/ws/app').target, {
    kind: 'unix',
    path: '/ws/app-2/x.sock',
  });
  const tcp = state({ kind: 'tcp', host: 'localhost', port: '1' });
  assert.equal(workspaceRelativeTarget(tcp, '/ws/app'), tcp);
});
