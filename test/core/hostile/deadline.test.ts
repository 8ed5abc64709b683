// Issue 15, failure 1: deadlines past what a Node timer can hold (2^31-1 ms) must work or be refused.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { loadSchemaByReflection } from '../../../src/ipc/schema/schema';
import { assertCleanFailure, runCli, useCliBundle } from '../../helpers/cliRunner';
import { demoCall, demoServer, tempDir } from './fixture';

const cli = useCliBundle();

test('a call with a deadline of 597 hours (past 2^31 ms) is answered, not ended at once', async (t) => {
  const server = await demoServer(t);
  const connect = { endpoint: server.endpoint };
  const deadlineMs = 597 * 3_600_000;
  const schema = await loadSchemaByReflection(connect, deadlineMs);
  const handle = await demoCall(connect, 'Echo', [{ message: 'long' }], { deadlineMs }, {}, schema);
  const result = await handle.result;
  assert.equal(result.codeName, 'OK', result.message);
});

test('a call with a deadline of 10^12 ms is clamped and answered', async (t) => {
  const server = await demoServer(t);
  const connect = { endpoint: server.endpoint };
  const schema = await loadSchemaByReflection(connect, 1e12);
  const handle = await demoCall(connect, 'Echo', [{}], { deadlineMs: 1e12 }, {}, schema);
  assert.equal((await handle.result).codeName, 'OK');
});

test('--deadline 999999999h is a usage error that names the longest deadline, with no stack trace', async (t) => {
  const server = await demoServer(t);
  const run = await runCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Echo', '--deadline', '999999999h']);
  assert.equal(run.code, 2, run.stderr);
  assertCleanFailure(run);
  assert.match(run.stderr, /--deadline "999999999h" is too long: the longest is 596h/);
});

test('--deadline 597h is refused as a usage error, not reported as DEADLINE_EXCEEDED', async (t) => {
  const server = await demoServer(t);
  const run = await runCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Echo', '--deadline', '597h']);
  assert.equal(run.code, 2, run.stderr);
  assert.doesNotMatch(run.stderr, /within the deadline/);
});

test('--deadline 596h, just inside the limit, works', async (t) => {
  const server = await demoServer(t);
  const run = await runCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Echo', '--deadline', '596h']);
  assert.equal(run.code, 0, run.stderr);
});

test('discover --probe-deadline 1e12 is a usage error with no TimeoutOverflowWarning', async (t) => {
  const run = await runCli(cli.path(), ['discover', '--no-probe', '--dir', tempDir(t), '--probe-deadline', '1e12']);
  assert.equal(run.code, 2, run.stderr);
  assert.doesNotMatch(run.stderr, /TimeoutOverflowWarning/);
  assert.match(run.stderr, /--probe-deadline needs a number of milliseconds from 1 to 2147483000/);
});
