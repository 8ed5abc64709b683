// grpc-js over a named pipe, with no code of ours in between: the transport the rest of the tier builds on.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  describeRun,
  outputDir,
  randomPipeName,
  runWindowsNode,
  skipUnlessWindowsNode,
  startWindowsNode,
  windowsPath,
} from '../helpers/windows/windowsNode';

const script = windowsPath(path.join(__dirname, 'fixtures', 'raw-echo.js'));

test(
  'grpc-js serves and calls a unary method over \\\\.\\pipe\\ on Windows Node',
  { skip: skipUnlessWindowsNode(), timeout: 90_000 },
  async (t) => {
    const dir = outputDir(t);
    const name = randomPipeName();
    const server = startWindowsNode([script, 'server', name], { dir, timeoutMs: 80_000 });
    t.after(() => server.stop());
    await server.waitForOutput(/^listening /m, 30_000);

    const run = await runWindowsNode([script, 'client', name, 'hello over a pipe'], { dir, timeoutMs: 30_000 });
    assert.equal(run.code, 0, `the client should exit cleanly: ${describeRun(run)}`);
    const reply = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(reply.reply, 'echo:hello over a pipe', `the reply should come back through the pipe: ${describeRun(run)}`);
    assert.equal(reply.platform, 'win32');
    t.diagnostic(`unary call over the pipe took ${reply.ms} ms; client process ${run.ms} ms`);
  },
);

test('grpc-js reports UNAVAILABLE quickly when nobody serves the pipe', { skip: skipUnlessWindowsNode(), timeout: 60_000 }, async (t) => {
  const dir = outputDir(t);
  const run = await runWindowsNode([script, 'client', randomPipeName('grpc-ipc-missing'), 'x'], { dir, timeoutMs: 30_000 });
  const reply = JSON.parse(run.stdout.trim().split('\n').pop() || '{}');
  assert.equal(reply.code, 14, `a missing pipe should fail with UNAVAILABLE: ${describeRun(run)}`);
  t.diagnostic(`missing pipe failed in ${reply.ms} ms: ${reply.details}`);
});
