// One request panel per target and method: the key that finds the open panel, and its title, which
// follow what the panel shows, however it was opened.
import { resetStandIn, vscode } from '../helpers/vscodeModule';
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import { parseTarget } from '../../src/ipc/endpoint';
import { isKnownSystemSocket } from '../../src/ipc/discovery/discover';
import { openRequestPanel, panelKey, panelTitle, type PanelContext } from '../../src/extension/panel/requestPanel';
import { createContext, createWebviewPanelStandIn } from '../helpers/vscodeStandIn';
import { tempDir } from '../helpers/servers';

const root = path.resolve(__dirname, '../..');

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

/** Opens panels as the commands do; each webview VS Code would make is recorded, with its reveals. */
function panelFactory(t: TestContext) {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-panel-'));
  const ctx = createContext(root, storage) as unknown as PanelContext;
  const made: Array<ReturnType<typeof createWebviewPanelStandIn> & { title: string; reveals: number }> = [];
  const window = vscode.window as Record<string, unknown>;
  const before = window.createWebviewPanel;
  window.createWebviewPanel = (_viewType: string, title: string) => {
    const webview = createWebviewPanelStandIn();
    const entry = Object.assign(webview, { title, reveals: 0 });
    // The host sets the tab's title on the panel; reveal() is what opening an open panel does.
    Object.defineProperty(webview.panel, 'title', { get: () => entry.title, set: (value: string) => (entry.title = value) });
    webview.panel.reveal = () => void entry.reveals++;
    made.push(entry);
    return webview.panel;
  };
  t.after(() => {
    window.createWebviewPanel = before;
    for (const entry of made) entry.panel.dispose();
    fs.rmSync(storage, { recursive: true, force: true });
  });
  return { ctx, made };
}

test('a panel opened from the palette takes the title and identity of the target and method chosen in it', async (t) => {
  resetStandIn({ trusted: true });
  const socket = path.join(tempDir(t), 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socket } });
  t.after(() => server.close());
  const { ctx, made } = panelFactory(t);

  const fromPalette = await openRequestPanel(ctx);
  assert.equal(made.length, 1);
  const webview = made[0];
  assert.equal(webview.title, 'gRPC Request');

  // The webview's own steps: connect, load the methods, pick Echo.
  const selected = await webview.request('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  assert.equal(selected.ok, true, JSON.stringify(selected));
  const targetId = (selected.result as { targetId: string }).targetId;
  assert.equal((await webview.request('loadSchema', { targetId, source: { kind: 'reflection' } })).ok, true);
  assert.equal((await webview.request('describeMethod', { targetId, method: 'grpcipc.demo.v1.Demo.Echo' })).ok, true);
  assert.equal(webview.title, 'Echo · demo.sock');

  // The tree's Echo on that socket reveals this panel instead of making a second one.
  const fromTree = await openRequestPanel(ctx, { kind: 'unix', path: socket }, 'grpcipc.demo.v1.Demo/Echo');
  assert.equal(fromTree, fromPalette);
  assert.equal(made.length, 1, 'no second panel');
  assert.equal(webview.reveals, 1);

  // Another method picked in it: the title follows, and Echo from the tree now gets a panel of its own.
  assert.equal((await webview.request('describeMethod', { targetId, method: 'grpcipc.demo.v1.Demo.Chat' })).ok, true);
  assert.equal(webview.title, 'Chat · demo.sock');
  const echo = await openRequestPanel(ctx, { kind: 'unix', path: socket }, 'grpcipc.demo.v1.Demo/Echo');
  assert.notEqual(echo, fromPalette);
  assert.equal(made.length, 2);
  assert.equal(made[1].title, 'Echo · demo.sock');
  assert.equal(await openRequestPanel(ctx, { kind: 'unix', path: socket }, 'grpcipc.demo.v1.Demo.Chat'), fromPalette);
  assert.equal(made.length, 2);
});

test('opening the same target and method twice reveals the first panel instead of making another', async (t) => {
  resetStandIn({ trusted: true });
  const { ctx, made } = panelFactory(t);
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
