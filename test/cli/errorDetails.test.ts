// `grpc-ipc call` against the demo's Echo with failWithDetails: the status line is followed by the
// decoded details in text, and --json carries them as statusDetails.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';

const root = path.resolve(__dirname, '../..');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('cli: error details in text and in --json', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const target = `unix:${path.join(dir, 'demo.sock')}`;
  const data = ['-d', '{"failWithDetails":true,"failMessage":"nope"}'];

  const text = await cli(['call', target, 'grpcipc.demo.v1.Demo/Echo', ...data]);
  assert.equal(text.stdout, '');
  const lines = text.stderr.trimEnd().split('\n');
  assert.equal(lines[0], 'INVALID_ARGUMENT: nope');
  for (const expected of [
    '  Bad request:',
    '    message: must not be empty (EMPTY)',
    '  Error info:',
    '    reason: DEMO_FAILURE',
    '  Retry info:',
    '    retry after: 1.500s',
    '  Debug info:',
    '  Quota failure:',
    '    client:demo: Daily limit of 100 echoes reached.',
    '  Precondition failure:',
    '    TOS demo.grpc-ipc: Terms of service not accepted.',
    '  Resource:',
    '    name: echo/1',
    '  Help:',
    '    The rich error model: https://grpc.io/docs/guides/error/',
    '  Message (en-US):',
  ])
    assert.ok(lines.includes(expected), `missing line ${JSON.stringify(expected)} in:\n${text.stderr}`);
  assert.ok(!/\bat .*\.ts:\d+/.test(text.stderr), 'no stack trace');

  const json = await cli(['call', target, 'grpcipc.demo.v1.Demo/Echo', ...data, '--json']);
  const status = JSON.parse(json.stderr.trim()) as {
    codeName: string;
    statusDetails: { code: number; message: string; details: Array<{ type: string; json: unknown }> };
  };
  assert.equal(status.codeName, 'INVALID_ARGUMENT');
  assert.equal(status.statusDetails.code, 3);
  assert.equal(status.statusDetails.message, 'nope');
  assert.equal(status.statusDetails.details.length, 9);
  assert.deepEqual(status.statusDetails.details[2], { type: 'google.rpc.RetryInfo', json: { retryDelay: '1.500s' } });
  assert.equal(json.code, text.code);
});
