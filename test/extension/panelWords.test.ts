// The panel words a call's hint for its own controls: a deadline the panel's Deadline field set is
// "Raise the Deadline field", never the CLI's "--deadline" baked into the status text.
import { resetStandIn } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import type { CallEndedMessage, ToWebview } from '../../src/shared/protocol';
import { RequestHandlers } from '../../src/extension/panel/handlers';

resetStandIn({ trusted: true });

test('a call that runs out of its deadline names the Deadline field, not a CLI flag', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-words-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socketPath = path.join(dir, 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => server.close());
  const posted: ToWebview[] = [];
  const state = new Map<string, unknown>();
  const handlers = new RequestHandlers(
    {
      post: (message) => posted.push(message),
      log: { info() {}, warn() {}, error() {} } as never,
      chosenPaths: new Set(),
      rememberPaths() {},
      variables: async () => ({ variables: {}, secretValues: {}, secrets: [], env: {} }),
      chooseEnvironment: async () => null,
      state: {
        get: (key: string, fallback?: unknown) => state.get(key) ?? fallback,
        update: async (key: string, value: unknown) => void state.set(key, value),
        keys: () => [],
      } as never,
    },
    () => fs.mkdtempSync(path.join(dir, 'spool-')),
  );
  t.after(() => handlers.dispose());
  const { targetId } = await handlers.handle('selectTarget', { target: { kind: 'unix', path: socketPath }, tls: { kind: 'off' } });
  await handlers.handle('loadSchema', { targetId, source: { kind: 'reflection' } });
  const { callId } = await handlers.handle('startCall', {
    targetId,
    method: 'grpcipc.demo.v1.Demo.Echo',
    requests: ['{"delay":"5s"}'],
    interactive: false,
    metadata: [],
    deadlineMs: 300,
    maxMessageBytes: 4 << 20,
  });
  await handlers.calls.settled(callId);
  const ended = posted.find((message): message is CallEndedMessage => message.type === 'callEnded' && message.callId === callId);
  assert.equal(ended?.summary?.codeName, 'DEADLINE_EXCEEDED');
  const shown = `${ended.summary.message} ${ended.summary.hint ?? ''}`;
  assert.doesNotMatch(shown, /--deadline/);
  assert.match(shown, /the Deadline field/);
});
