// A server that goes away while a stream is open ends the call; the user did not cancel it, and the
// message must not read as if they had.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findMethod, loadSchema } from '../../src/ipc/schema/schema';
import { startCall } from '../../src/ipc/call/invoke';
import { startDemoServer } from '../../src/ipc/demo/server';

test('a bidi stream whose server stops says the server ended it, not that it was cancelled here', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-gone-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(() => server.close());
  const connect = { endpoint: server.endpoint };
  const schema = await loadSchema({ kind: 'reflection' }, connect, 5000);
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Chat');
  let received = 0;
  let answered!: () => void;
  const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
  const handle = startCall(
    { connect, schema, method, requests: [{ text: 'hi' }], keepOpen: true, deadlineMs: 30_000 },
    {
      onMessage: () => {
        received++;
        if (received >= 2) answered();
      },
    },
  );
  await firstAnswer;
  await server.close();
  const result = await handle.result.catch((error: Error) => ({ code: -1, codeName: 'error', message: error.message }));
  assert.doesNotMatch(result.message, /^Call cancelled$/, `the user did not cancel: ${result.codeName} ${result.message}`);
  assert.match(result.message, /server|connection/i);
});
