// One request panel per target and method: the key that finds the open panel, and its title.
import { resetStandIn, vscode } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseTarget } from '../../src/ipc/endpoint';
import { isKnownSystemSocket } from '../../src/ipc/discovery/discover';
import { openRequestPanel, panelKey, panelTitle } from '../../src/extension/panel/requestPanel';
import { createContext, createWebviewPanelStandIn } from '../helpers/vscodeStandIn';

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

test('opening the same target and method twice reveals the first panel instead of making another', async (t) => {
  resetStandIn({ trusted: true });
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-panels-'));
  t.after(() => fs.rmSync(storage, { recursive: true, force: true }));
  // Every panel the host asks VS Code for, with its title, and how often each was revealed.
  const made: { title: string; reveals: number; dispose(): void }[] = [];
  const window = vscode.window as Record<string, unknown>;
  const original = window.createWebviewPanel;
  window.createWebviewPanel = (_viewType: string, title: string) => {
    const { panel } = createWebviewPanelStandIn();
    const entry = { title, reveals: 0, dispose: () => panel.dispose() };
    panel.reveal = () => void entry.reveals++;
    made.push(entry);
    return panel;
  };
  t.after(() => {
    window.createWebviewPanel = original;
    for (const entry of made) entry.dispose();
  });
  const ctx = createContext(path.resolve(__dirname, '../..'), storage) as never;
  const demo = parseTarget('unix:/run/demo.sock');

  await openRequestPanel(ctx, demo, 'grpcipc.demo.v1.Demo/Echo');
  await openRequestPanel(ctx, parseTarget('unix:///run/demo.sock'), 'grpcipc.demo.v1.Demo.Echo');
  assert.deepEqual(
    made.map((entry) => [entry.title, entry.reveals]),
    [['Echo · demo.sock', 1]],
    'one panel, titled after the method and the socket, revealed by the second open',
  );
  await openRequestPanel(ctx, demo, 'grpcipc.demo.v1.Demo/Chat');
  assert.deepEqual(
    made.map((entry) => entry.title),
    ['Echo · demo.sock', 'Chat · demo.sock'],
    'another method is another panel',
  );
});
