// The panel host's request handlers against the real demo server, with `vscode` answered by the
// stand-in: what reaches the clipboard, what a finished call leaves in the history, and that a resolved
// secret never shows in a problem or a squiggle.
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ToWebview } from '../../src/shared/protocol';
import type { VariableScope } from '../../src/ipc/variables/resolve';
import { startDemoServer } from '../../src/ipc/demo/server';
import { answerVscodeWith, createVscodeStandIn } from '../helpers/vscodeStandIn';

type Handlers = import('../../src/extension/panel/handlers').RequestHandlers;

/** Loads the handlers with `vscode` answered by the stand-in, for this test only. */
function loadHandlers(t: TestContext, vscode: Record<string, unknown>): typeof import('../../src/extension/panel/handlers') {
  answerVscodeWith(t, vscode);
  return Module.createRequire(__filename)('../../src/extension/panel/handlers');
}

async function setUp(
  t: TestContext,
  scope: VariableScope = { variables: {}, secretValues: {}, secrets: [], env: {} },
): Promise<{ handlers: Handlers; clipboard: string[]; posts: ToWebview[]; socket: string; logged: string[]; state: Map<string, unknown> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-ph-'));
  const socket = path.join(dir, 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socket } });
  const { vscode } = createVscodeStandIn();
  const clipboard: string[] = [];
  (vscode.env as { clipboard: { writeText(text: string): Promise<void> } }).clipboard.writeText = async (text) => void clipboard.push(text);
  const { RequestHandlers } = loadHandlers(t, vscode);
  const state = new Map<string, unknown>();
  const posts: ToWebview[] = [];
  const logged: string[] = [];
  const keep = (line: string) => void logged.push(line);
  const quiet = { info: keep, warn: keep, error: keep, trace: keep, debug: keep };
  const handlers = new RequestHandlers(
    {
      post: (message) => posts.push(message),
      log: quiet as never,
      chosenPaths: new Set(),
      rememberPaths: () => undefined,
      state: {
        get: (key: string, fallback?: unknown) => (state.has(key) ? state.get(key) : fallback),
        update: async (key: string, value: unknown) => void state.set(key, value),
        keys: () => [...state.keys()],
      } as never,
      variables: async () => scope,
      chooseEnvironment: async () => null,
    },
    () => fs.mkdtempSync(path.join(dir, 'spool-')),
  );
  t.after(async () => {
    await handlers.dispose();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { handlers, clipboard, posts, socket, logged, state };
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

// A value no message could contain by chance; its first character is one V8 would quote.
const SECRET = 'sk-live-8f3a"x9';
const SECRET_SCOPE: VariableScope = { environment: 'dev', variables: {}, secretValues: { token: SECRET }, secrets: ['token'], env: {} };

/** Whether a text shows the secret, whole, escaped or as the character a syntax error quotes. */
function showsSecret(text: string): boolean {
  return text.includes('sk-live') || text.includes(JSON.stringify(SECRET).slice(1, -1)) || text.includes("'s'");
}

test('validation problems name a secret variable, never its value', async (t) => {
  const { handlers, socket } = await setUp(t, SECRET_SCOPE);
  const { targetId } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  await handlers.handle('loadSchema', { targetId, source: { kind: 'reflection' } });
  const validate = async (text: string) =>
    (await handlers.handle('validateRequest', { targetId, method: 'grpcipc.demo.v1.Demo.Echo', text })).issues;

  // A secret in a field of another type: a 64-bit integer, an enum, bytes.
  for (const [text, names] of [
    ['{ "sample": { "big": "{{token}}" } }', true],
    ['{ "sample": { "mood": "{{token}}" } }', true],
    ['{ "sample": { "{{token}}": 1 } }', true],
    ['{ "sample": { "blob": "{{token}}" } }', false],
  ] as const) {
    const issues = await validate(text);
    assert.ok(issues.length > 0, `${text} has a problem`);
    for (const issue of issues) {
      assert.ok(!showsSecret(issue.path + issue.message), `${text}: ${issue.path}: ${issue.message}`);
      if (names) assert.match(issue.path + issue.message, /\{\{token\}\}/, `${text}: ${issue.path}: ${issue.message}`);
    }
  }

  // Inserted outside quotes the value is not JSON: the message names the variable and points at it as typed.
  const typed = '{\n  "message": {{token}}\n}';
  const [syntax] = await validate(typed);
  assert.ok(!showsSecret(syntax.message), syntax.message);
  assert.match(syntax.message, /^invalid JSON at line 2, column 14: the value of the secret \{\{token\}\} is not valid JSON/);
  assert.equal(typed.split('\n')[1].slice(13, 22), '{{token}}');

  // A plain variable before a syntax error moves the position back to where the error was typed.
  assert.deepEqual(await validate('{ "message": "{{token}}", }'), [
    { path: '$', message: 'invalid JSON at line 1, column 27: Expected double-quoted property name' },
  ]);
});

test('a secret never shows in the problem of a call or of a message sent on an open stream', async (t) => {
  const { handlers, posts, socket } = await setUp(t, SECRET_SCOPE);
  const { targetId } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: socket }, tls: { kind: 'off' } });
  await handlers.handle('loadSchema', { targetId, source: { kind: 'reflection' } });
  const start = (method: string, requests: string[], interactive: boolean) =>
    handlers.handle('startCall', {
      targetId,
      method: `grpcipc.demo.v1.Demo.${method}`,
      requests,
      interactive,
      metadata: [],
      deadlineMs: 5000,
      maxMessageBytes: 4 * 1024 * 1024,
    });
  await assert.rejects(start('Echo', ['{ "message": {{token}} }'], false), (error: Error) => {
    assert.ok(!showsSecret(error.message), error.message);
    assert.match(error.message, /\{\{token\}\}/);
    return true;
  });

  const { callId } = await start('Chat', [], true);
  await handlers.write(callId, '{ "text": {{token}} }');
  const ended = posts.find((post) => post.type === 'callEnded' && post.callId === callId);
  assert.ok(ended && ended.type === 'callEnded' && ended.problem, 'the write is refused with a problem');
  assert.ok(!showsSecret(ended.problem.message), ended.problem.message);
  handlers.calls.cancel(callId);
  await handlers.calls.settled(callId);
});

test('a secret in the address shows as {{name}} in the target label, the log and the stored history', async (t) => {
  const probe = await setUp(t);
  const folder = path.dirname(probe.socket);
  const { handlers, socket, logged, posts, state } = await setUp(t, {
    environment: 'dev',
    variables: {},
    secretValues: { folder },
    secrets: ['folder'],
    env: {},
  });
  // The second server's socket is in a folder of its own; the secret names the first one's.
  const { label } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: '{{folder}}/demo.sock' }, tls: { kind: 'off' } });
  assert.equal(label, 'unix:{{folder}}/demo.sock');
  const checked = await handlers.handle('checkTarget', { target: { kind: 'unix', path: '{{folder}}/demo.sock' } });
  assert.deepEqual(checked, { ok: true, canonical: 'unix:{{folder}}/demo.sock' });
  assert.ok(logged.length > 0 && logged.every((line) => !line.includes(folder)), logged.join('\n'));
  assert.notEqual(path.dirname(socket), folder);
  const selected = await handlers.handle('selectTarget', { target: { kind: 'unix', path: '{{folder}}/demo.sock' }, tls: { kind: 'off' } });
  assert.ok(!JSON.stringify(selected).includes(folder), JSON.stringify(selected));
  const targetId = selected.targetId;
  await handlers.handle('loadSchema', { targetId, source: { kind: 'reflection' } });
  const { callId } = await handlers.handle('startCall', {
    targetId,
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{}'],
    interactive: false,
    metadata: [],
    deadlineMs: 5000,
    maxMessageBytes: 4 * 1024 * 1024,
  });
  await handlers.calls.settled(callId);
  assert.equal((await handlers.handle('history', { targetId })).entries.length, 1);
  assert.deepEqual(Object.keys(state.get('grpcIpc.requestHistory') as object), ['unix:{{folder}}/demo.sock']);
  assert.ok(logged.length > 0 && logged.every((line) => !line.includes(folder)), logged.join('\n'));
  assert.ok(!JSON.stringify(posts).includes(folder), 'nothing posted to the panel names the folder');
});
