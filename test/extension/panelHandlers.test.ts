// The panel host's request handlers against the real demo server, with `vscode` answered by the
// stand-in: what reaches the clipboard, and what a finished call leaves in the history.
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ToWebview } from '../../src/shared/protocol';
import { startDemoServer } from '../../src/ipc/demo/server';
import { answerVscodeWith, createVscodeStandIn } from '../helpers/vscodeStandIn';

type Handlers = import('../../src/extension/panel/handlers').RequestHandlers;

/** Loads the handlers with `vscode` answered by the stand-in, for this test only. */
function loadHandlers(t: TestContext, vscode: Record<string, unknown>): typeof import('../../src/extension/panel/handlers') {
  answerVscodeWith(t, vscode);
  return Module.createRequire(__filename)('../../src/extension/panel/handlers');
}

async function setUp(t: TestContext): Promise<{ handlers: Handlers; clipboard: string[]; posts: ToWebview[]; socket: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-ph-'));
  const socket = path.join(dir, 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socket } });
  const { vscode } = createVscodeStandIn();
  const clipboard: string[] = [];
  (vscode.env as { clipboard: { writeText(text: string): Promise<void> } }).clipboard.writeText = async (text) => void clipboard.push(text);
  const { RequestHandlers } = loadHandlers(t, vscode);
  const state = new Map<string, unknown>();
  const posts: ToWebview[] = [];
  const quiet = { info() {}, warn() {}, error() {}, trace() {}, debug() {} };
  const handlers = new RequestHandlers(
    {
      post: (message) => posts.push(message),
      log: quiet as never,
      chosenPaths: new Set(),
      rememberPaths: () => undefined,
      state: { get: (key: string, fallback?: unknown) => (state.has(key) ? state.get(key) : fallback), update: async (key: string, value: unknown) => void state.set(key, value), keys: () => [...state.keys()] } as never,
      variables: async () => ({ variables: {}, secretValues: {}, secrets: [], env: {} }),
      chooseEnvironment: async () => null,
    },
    () => fs.mkdtempSync(path.join(dir, 'spool-')),
  );
  t.after(async () => {
    await handlers.dispose();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { handlers, clipboard, posts, socket };
}

test('Copy as grpcurl from the panel masks secret metadata', async (t) => {
  const { handlers, clipboard, socket } = await setUp(t);
  const { targetId } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  await handlers.handle('copyGrpcurl', {
    targetId,
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{"message":"hi"}'],
    metadata: [
      { key: 'authorization', value: 'Bearer hunter2', secret: true },
      { key: 'x-trace', value: 'abc', secret: false },
    ],
    deadlineMs: 5000,
  });
  assert.equal(clipboard.length, 1);
  assert.doesNotMatch(clipboard[0], /hunter2/);
  assert.match(clipboard[0], /authorization: <secret>/);
  assert.match(clipboard[0], /x-trace: abc/);
  assert.match(clipboard[0], /grpcipc\.demo\.v1\.Demo\/Echo$/);
});

test('a finished call is in the history of its target, under the method it called', async (t) => {
  const { handlers, posts, socket } = await setUp(t);
  const { targetId } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  await handlers.handle('loadSchema', { targetId, source: { kind: 'reflection' } });
  const { callId } = await handlers.handle('startCall', {
    targetId,
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{"message":"hi"}'],
    interactive: false,
    metadata: [],
    deadlineMs: 5000,
    maxMessageBytes: 4 * 1024 * 1024,
  });
  await handlers.calls.settled(callId);
  assert.ok(posts.some((post) => post.type === 'callEnded' && post.callId === callId));
  const { entries } = await handlers.handle('history', { targetId });
  assert.equal(entries.length, 1);
  assert.equal(entries[0].method, 'grpcipc.demo.v1.Demo.Echo');
  assert.equal(entries[0].codeName, 'OK');
});
