// One request panel per target and method: the key that finds the open panel, and its title.
import '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { isKnownSystemSocket } from '../../src/ipc/discovery/discover';
import { panelKey, panelTitle } from '../../src/extension/panel/requestPanel';

test('the same target and method, however spelled, is one panel; another method is another', () => {
  const key = panelKey('unix:/run/demo.sock', 'grpcipc.demo.v1.Demo/Echo');
  assert.equal(panelKey('unix:///run/demo.sock', '/grpcipc.demo.v1.Demo/Echo'), key);
  assert.equal(panelKey('unix:/run/demo.sock', 'grpcipc.demo.v1.Demo.Echo'), key);
  assert.notEqual(panelKey('unix:/run/demo.sock', 'grpcipc.demo.v1.Demo/Chat'), key);
  assert.notEqual(panelKey('unix:/run/other.sock', 'grpcipc.demo.v1.Demo/Echo'), key);
});

test('panels are titled by method and socket file name', () => {
  assert.equal(panelTitle('unix:/run/demo.sock', 'grpcipc.demo.v1.Demo/Echo'), 'Echo · demo.sock');
  assert.equal(panelTitle('unix:/run/demo.sock', undefined), 'demo.sock');
  assert.equal(panelTitle('unix-abstract:demo', 'grpcipc.demo.v1.Demo.Chat'), 'Chat · @demo');
  assert.equal(panelTitle(undefined, undefined), 'gRPC Request');
});

test("the editor's own IPC sockets are system sockets: neither listed by default nor probed", () => {
  assert.ok(isKnownSystemSocket('/run/user/1000/vscode-ipc-0a1b2c.sock'));
  assert.ok(isKnownSystemSocket('/root/.local/share/code-server/code-server-ipc.sock'));
  assert.ok(!isKnownSystemSocket('/tmp/demo.sock'));
});
