// Issue 15, failure 4 and the load cases: many calls at once, every reply counted. Each test is bounded
// by a timeout, not by a speed assertion (speed is measured in bench/).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startCall } from '../../../src/ipc/call/invoke';
import { ConnectionPool } from '../../../src/ipc/call/pool';
import { findMethod, loadSchemaByReflection } from '../../../src/ipc/schema/schema';
import { DEMO, demoServer } from './fixture';

const CALLS = 1000;

async function concurrentEchoes(pool: ConnectionPool | undefined, calls: number, t: Parameters<typeof demoServer>[0]) {
  const server = await demoServer(t);
  const connect = { endpoint: server.endpoint };
  const schema = await loadSchemaByReflection(connect, 10_000);
  const method = findMethod(schema, `${DEMO}/Echo`);
  const results = await Promise.allSettled(
    Array.from({ length: calls }, (_, i) =>
      startCall({ connect, schema, method, requests: [{ message: `m${i}` }], deadlineMs: 60_000, pool }).result,
    ),
  );
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : r.value.code === 0 ? [] : [r.value.message]));
  const answered = results.filter((r) => r.status === 'fulfilled' && r.value.code === 0 && (r.value.responses[0] as { message: string }).message !== undefined);
  return { failures, answered: answered.length };
}

test('20 concurrent calls on a cold pool share one channel and all succeed', { timeout: 60_000 }, async (t) => {
  const pool = new ConnectionPool();
  t.after(() => pool.close());
  const { failures, answered } = await concurrentEchoes(pool, 20, t);
  assert.deepEqual(failures, []);
  assert.equal(answered, 20);
});

test('1,000 concurrent unary calls through a pool: every reply counted', { timeout: 120_000 }, async (t) => {
  const pool = new ConnectionPool();
  t.after(() => pool.close());
  const { failures, answered } = await concurrentEchoes(pool, CALLS, t);
  assert.deepEqual(failures.slice(0, 3), []);
  assert.equal(answered, CALLS);
});

test('1,000 concurrent unary calls without a pool (one connection each): every reply counted', { timeout: 120_000 }, async (t) => {
  const { failures, answered } = await concurrentEchoes(undefined, CALLS, t);
  assert.deepEqual(failures.slice(0, 3), []);
  assert.equal(answered, CALLS);
});
