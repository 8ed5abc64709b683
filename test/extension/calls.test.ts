// The panel's call runner against the real demo server over a Unix socket: batching, spooling
// every message for "save all", interactive streams, cancel, and the core's JSON validation.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallEndedMessage, CallEventsMessage, ToWebview } from '../../src/shared/protocol';
import { CallRunner } from '../../src/extension/panel/calls';
import { findMethod, loadSchema, type Schema } from '../../src/ipc/schema/schema';
import { startCall } from '../../src/ipc/call/invoke';
import { validateRequestJson } from '../../src/ipc/json/codec';
import { startDemoServer } from '../../src/ipc/demo/server';
import { requestTemplate } from '../../src/ipc/schema/template';
import { isIpcError } from '../../src/ipc/errors';
import type { ConnectOptions } from '../../src/ipc/types';

async function demo(t: import('node:test').TestContext): Promise<{ connect: ConnectOptions; schema: Schema; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const connect = { endpoint: server.endpoint };
  return { connect, schema: await loadSchema({ kind: 'reflection' }, connect, 5000), dir };
}

function runner(dir: string): { runner: CallRunner; posts: ToWebview[]; ended: Promise<CallEndedMessage> } {
  const posts: ToWebview[] = [];
  let resolveEnded!: (message: CallEndedMessage) => void;
  const ended = new Promise<CallEndedMessage>((resolve) => (resolveEnded = resolve));
  const spoolDir = fs.mkdtempSync(path.join(dir, 'spool-'));
  const instance = new CallRunner({
    post: (message) => {
      posts.push(message);
      if (message.type === 'callEnded') resolveEnded(message);
    },
    spoolDir: () => spoolDir,
    explain: (error) => ({ problem: { code: isIpcError(error) ? error.code : 'internal', message: String((error as Error).message) } }),
  });
  return { runner: instance, posts, ended };
}

test('a 20,000-message server stream reaches the panel in batches, and "save all" has every message', async (t) => {
  const { connect, schema, dir } = await demo(t);
  const { runner: calls, posts, ended } = runner(dir);
  t.after(() => calls.dispose());
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Countdown');
  const callId = calls.start((listener) =>
    startCall({ connect, schema, method, requests: [{ count: 20_000, interval: '0s' }], deadlineMs: 60_000, retainResponses: 0 }, listener),
  );
  const end = await ended;
  assert.equal(end.summary?.codeName, 'OK');
  assert.equal(end.summary?.messageCount, 20_000);
  const events = posts.filter((post): post is CallEventsMessage => post.type === 'callEvents');
  assert.ok(events.length < 2000, `${events.length} posts for 20,000 messages`);
  assert.equal(events.at(-1)!.received, 20_000);
  assert.ok(events.every((event) => event.messages.length <= 200));
  assert.equal(
    JSON.parse(events.at(-1)!.messages.at(-1)!.json).remaining,
    undefined,
    'the last message counts down to 0, which proto3 JSON omits',
  );
  const file = path.join(dir, 'all.json');
  assert.equal(await calls.saveAll(callId, file), 20_000);
  const all = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ index: number }>;
  assert.equal(all.length, 20_000);
  assert.equal(all[19_999].index, 20_000);
  console.log(`# ${events.length} posts for 20000 messages`);
});

test('an interactive bidi stream sends one message at a time while answers stream in', async (t) => {
  const { connect, schema, dir } = await demo(t);
  const { runner: calls, posts, ended } = runner(dir);
  t.after(() => calls.dispose());
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo.Chat');
  const callId = calls.start((listener) =>
    startCall({ connect, schema, method, requests: [], deadlineMs: 10_000, keepOpen: true }, listener),
  );
  calls.write(callId, { text: 'one' });
  calls.write(callId, { text: 'two' });
  calls.end(callId);
  const end = await ended;
  assert.equal(end.summary?.codeName, 'OK');
  const texts = posts.flatMap((post) =>
    post.type === 'callEvents' ? post.messages.map((message) => JSON.parse(message.json).text as string) : [],
  );
  assert.deepEqual(texts.slice(1), ['You said: one', 'You said: two', 'Goodbye after 2 message(s).']);
});

test('cancel ends a running stream with CANCELLED', async (t) => {
  const { connect, schema, dir } = await demo(t);
  const { runner: calls, posts, ended } = runner(dir);
  t.after(() => calls.dispose());
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Countdown');
  const callId = calls.start((listener) =>
    startCall({ connect, schema, method, requests: [{ count: 100, interval: '1s' }], deadlineMs: 60_000 }, listener),
  );
  while (!posts.some((post) => post.type === 'callEvents')) await new Promise((resolve) => setTimeout(resolve, 20));
  calls.cancel(callId);
  const end = await ended;
  assert.equal(end.summary?.codeName ?? end.problem?.code, 'CANCELLED');
});

test('the generated template passes the core validator, and its errors name JSON paths', async (t) => {
  const { schema } = await demo(t);
  for (const service of schema.services)
    for (const method of service.methods) {
      const template = requestTemplate(schema.registry.getMessage(method.requestType)!);
      const result = validateRequestJson(schema, method.requestType, template.text);
      assert.equal(result.ok, true, `${method.fullName}: ${JSON.stringify(!result.ok && result.issues)}`);
    }
  const bad = validateRequestJson(schema, 'grpcipc.demo.v1.CountdownRequest', '{\n  "count": "many",\n  "interval": "soon"\n}');
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    const paths = bad.issues.map((issue) => issue.path);
    assert.ok(paths.includes('$.count'), JSON.stringify(bad.issues));
    console.log(`# issues: ${JSON.stringify(bad.issues)}`);
  }
  const syntax = validateRequestJson(schema, 'grpcipc.demo.v1.EchoRequest', '{ "message": "hi", }');
  assert.equal(syntax.ok, false);
  if (!syntax.ok) console.log(`# syntax: ${JSON.stringify(syntax.issues)}`);
});

test('the spool folder is made by the first call, and a runner that never called leaves none behind', async (t) => {
  const { connect, schema, dir } = await demo(t);
  let made = 0;
  const spoolDir = path.join(dir, 'spool');
  const make = () => {
    made++;
    fs.mkdirSync(spoolDir, { mode: 0o700 });
    return spoolDir;
  };
  const idle = new CallRunner({ post: () => undefined, spoolDir: make, explain: () => ({}) });
  await idle.dispose();
  assert.equal(made, 0);

  const used = new CallRunner({ post: () => undefined, spoolDir: make, explain: () => ({}) });
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Echo');
  for (let i = 0; i < 2; i++) {
    const callId = used.start((listener) =>
      startCall({ connect, schema, method, requests: [{ message: 'hi' }], deadlineMs: 10_000 }, listener),
    );
    await used.settled(callId);
  }
  assert.equal(made, 1);
  assert.equal(fs.readdirSync(spoolDir).length, 2);
  await used.dispose();
  assert.equal(fs.existsSync(spoolDir), false);
});

test('each call hands its own context to beforeEnded, also when it fails before start() returns', async (t) => {
  const { connect, schema, dir } = await demo(t);
  const seen: { callId: string; context: string; ok: boolean }[] = [];
  const calls = new CallRunner<string>({
    post: () => undefined,
    spoolDir: () => fs.mkdtempSync(path.join(dir, 'spool-')),
    explain: (error) => ({ problem: { code: 'internal', message: String((error as Error).message) } }),
    beforeEnded: async (callId, context, result) => void seen.push({ callId, context, ok: result?.codeName === 'OK' }),
  });
  t.after(() => calls.dispose());
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Echo');
  const ok = calls.start(
    (listener) => startCall({ connect, schema, method, requests: [{ message: 'hi' }], deadlineMs: 10_000 }, listener),
    'echo',
  );
  const thrown = calls.start(() => {
    throw new Error('refused before sending');
  }, 'refused');
  await Promise.all([calls.settled(ok), calls.settled(thrown)]);
  assert.deepEqual(
    seen.sort((a, b) => a.callId.localeCompare(b.callId)),
    [
      { callId: ok, context: 'echo', ok: true },
      { callId: thrown, context: 'refused', ok: false },
    ],
  );
});

test("a server's status message reaches the panel with its control characters made visible", async (t) => {
  const { connect, schema, dir } = await demo(t);
  const { runner: calls, ended } = runner(dir);
  t.after(() => calls.dispose());
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Echo');
  calls.start((listener) =>
    startCall(
      { connect, schema, method, requests: [{ failWithCode: 7, failMessage: 'no\u001b[2K\rroot\u0007' }], deadlineMs: 10_000 },
      listener,
    ),
  );
  const end = await ended;
  assert.equal(end.summary?.codeName, 'PERMISSION_DENIED');
  assert.equal(end.summary?.message, 'no\\e[2K\\rroot\\x07');
});
