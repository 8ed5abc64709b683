// Issue 15, failure 4 and the load cases: many calls at once, long streams and many CLI processes, every
// reply counted. Each test is bounded by a timeout, not by a speed assertion (speed is measured in bench/).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createInterface } from 'node:readline';
import { startCall } from '../../../src/ipc/call/invoke';
import { ConnectionPool } from '../../../src/ipc/call/pool';
import { findMethod, loadSchemaByReflection } from '../../../src/ipc/schema/schema';
import { spawnCli, useCliBundle } from '../../helpers/cliRunner';
import { DEMO, demoCall, demoServer } from './fixture';

const cli = useCliBundle();

const CALLS = 1000;

async function concurrentEchoes(pool: ConnectionPool | undefined, calls: number, t: Parameters<typeof demoServer>[0]) {
  const server = await demoServer(t);
  const connect = { endpoint: server.endpoint };
  const schema = await loadSchemaByReflection(connect, 10_000);
  const method = findMethod(schema, `${DEMO}/Echo`);
  const results = await Promise.allSettled(
    Array.from(
      { length: calls },
      (_, i) => startCall({ connect, schema, method, requests: [{ message: `m${i}` }], deadlineMs: 60_000, pool }).result,
    ),
  );
  const failures = results.flatMap((r) =>
    r.status === 'rejected' ? [String((r.reason as Error).message)] : r.value.code === 0 ? [] : [r.value.message],
  );
  const answered = results.filter(
    (r) => r.status === 'fulfilled' && r.value.code === 0 && (r.value.responses[0] as { message: string }).message !== undefined,
  );
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

const STREAM = 100_000;
const KIB = 1024;
/** A 1 KiB payload in proto3 JSON: base64 of 1,024 bytes. */
const KIB_BASE64 = 4 * Math.ceil(KIB / 3);

/** Checks one Countdown message against its place in the stream; returns a complaint or ''. */
function outOfPlace(json: unknown, i: number, count: number): string {
  const message = json as { index?: number; remaining?: number; payload?: string };
  const remaining = message.remaining ?? 0; // proto3 JSON leaves out the last message's 0
  if (message.index !== i + 1 || remaining !== count - i - 1 || message.payload?.length !== KIB_BASE64)
    return `message ${i}: ${JSON.stringify({ ...message, payload: message.payload?.length })}`;
  return '';
}

test('a 100,000 × 1 KiB server stream through the core: every message received, in order', { timeout: 180_000 }, async (t) => {
  const server = await demoServer(t);
  let received = 0;
  let firstWrong = '';
  const call = await demoCall(
    { endpoint: server.endpoint },
    'Countdown',
    [{ count: STREAM, interval: '0s', payloadSize: KIB }],
    { deadlineMs: 170_000, retainResponses: 0 },
    {
      onMessage(json, index) {
        firstWrong ||= index !== received ? `index ${index} at ${received}` : outOfPlace(json, received, STREAM);
        received++;
      },
    },
  );
  const result = await call.result;
  assert.equal(result.code, 0, result.message);
  assert.equal(firstWrong, '');
  assert.equal(received, STREAM);
});

/** Runs the CLI and reads its stdout line by line as it comes, so a long stream is never held whole. */
async function cliLines(
  args: string[],
  onLine: (line: string, i: number) => void,
): Promise<{ code: number | null; stderr: string; lines: number }> {
  const child = spawnCli(cli.path(), args);
  child.stdin!.end();
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let lines = 0;
  for await (const line of createInterface({ input: child.stdout!, crlfDelay: Infinity })) onLine(line, lines++);
  return { code: await closed, stderr, lines };
}

test('a 100,000 × 1 KiB server stream through the CLI: every line whole JSON, in order', { timeout: 180_000 }, async (t) => {
  const server = await demoServer(t);
  let firstWrong = '';
  const run = await cliLines(
    [
      'call',
      server.target,
      `${DEMO}/Countdown`,
      '-d',
      JSON.stringify({ count: STREAM, interval: '0s', payloadSize: KIB }),
      '--deadline',
      '170s',
    ],
    (line, i) => {
      if (firstWrong) return;
      try {
        firstWrong = outOfPlace(JSON.parse(line), i, STREAM);
      } catch {
        firstWrong = `line ${i} is not JSON: ${line.slice(0, 80)}`;
      }
    },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.equal(firstWrong, '');
  assert.equal(run.lines, STREAM);
  assert.match(run.stderr, /^OK/m);
});

test('20 CLI processes at once against one demo server: every reply counted, every exit code 0', { timeout: 180_000 }, async (t) => {
  const server = await demoServer(t);
  const PROCESSES = 20;
  const REPLIES = 200;
  const runs = await Promise.all(
    Array.from({ length: PROCESSES }, async (_, p) => {
      const replies: number[] = [];
      const run = await cliLines(
        [
          'call',
          server.target,
          `${DEMO}/Countdown`,
          '-d',
          JSON.stringify({ count: REPLIES, interval: '0s', payloadSize: KIB }),
          '--deadline',
          '170s',
        ],
        (line) => replies.push((JSON.parse(line) as { index: number }).index),
      );
      const echo = await cliLines(
        ['call', server.target, `${DEMO}/Echo`, '-d', JSON.stringify({ message: `process ${p}` }), '--deadline', '170s'],
        (line) => replies.push((JSON.parse(line) as { message: string }).message === `process ${p}` ? -1 : -2),
      );
      return { codes: [run.code, echo.code], stderr: run.stderr + echo.stderr, replies };
    }),
  );
  const expected = [...Array.from({ length: REPLIES }, (_, i) => i + 1), -1];
  for (const [p, run] of runs.entries()) {
    assert.deepEqual(run.codes, [0, 0], `process ${p}: ${run.stderr}`);
    assert.deepEqual(run.replies, expected, `process ${p}`);
  }
  assert.equal(
    runs.reduce((sum, run) => sum + run.replies.length, 0),
    PROCESSES * (REPLIES + 1),
  );
});
