import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Clock } from '../../src/shared/clock';
import { PendingRequests, RequestFailed } from '../../src/shared/pending';

function manualClock(): Clock & { fire(): void } {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (callback) => (timers.set(next, callback), next++),
    clearTimeout: (handle) => void timers.delete(handle as number),
    fire: () => {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
    },
  };
}

test('a reply settles the request with the same id, once', async () => {
  const pending = new PendingRequests(manualClock());
  const first = pending.open<string>('a', 1000);
  const second = pending.open<string>('b', 1000);
  assert.notEqual(first.id, second.id);
  assert.equal(pending.settle(second.id, { ok: true, value: 'two' }), true);
  assert.equal(pending.settle(second.id, { ok: true, value: 'again' }), false);
  assert.equal(await second.reply, 'two');
  assert.equal(pending.size, 1);
});

test('a request without a reply times out', async () => {
  const clock = manualClock();
  const pending = new PendingRequests(clock);
  const { reply } = pending.open('loadSchema', 60_000);
  clock.fire();
  await assert.rejects(
    reply,
    (error: unknown) => error instanceof RequestFailed && error.reason === 'timeout' && /60 s/.test(error.message),
  );
});

test('dispose rejects every pending request, and later ones at once', async () => {
  const pending = new PendingRequests(manualClock());
  const replies = [pending.open('a', 1000).reply, pending.open('b', 1000).reply];
  pending.dispose();
  for (const reply of replies)
    await assert.rejects(reply, (error: unknown) => error instanceof RequestFailed && error.reason === 'disposed');
  await assert.rejects(pending.open('c', 1000).reply, /closed/);
  assert.equal(pending.size, 0);
});
