// Faults while a call runs: the server killed, its socket deleted or bound again, the user pressing
// Ctrl+C, the reader going away. The server runs as its own process, as in real use.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { runCli, spawnCli, useCliBundle } from '../../helpers/cliRunner';
import { demoClients, unary } from '../../helpers/demoClient';
import { parseTarget } from '../../../src/ipc/endpoint';
import { serveDemoProcess, tempDir } from './fixture';

const cli = useCliBundle();
const COUNTDOWN = 'grpcipc.demo.v1.Demo/Countdown';
const MILLION = JSON.stringify({ count: 1_000_000, interval: '0s' });

/** Resolves once the child has printed `lines` lines on stdout. */
function afterLines(child: ReturnType<typeof spawnCli>, lines: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.toString().split('\n').length - 1;
      if (seen >= lines) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
  });
}

function collect(child: ReturnType<typeof spawnCli>) {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { closed, stdout: () => stdout, stderr: () => stderr };
}

test(
  'the server killed with SIGKILL in the middle of a 1M-message stream: exit 78, "dropped", whole JSON lines',
  { timeout: 120_000 },
  async (t) => {
    const server = await serveDemoProcess(t, `unix:${tempDir(t)}/d.sock`);
    const child = spawnCli(cli.path(), ['call', server.target, COUNTDOWN, '-d', MILLION, '--deadline', '5m']);
    child.stdin!.end();
    const output = collect(child);
    await afterLines(child, 1000);
    server.child.kill('SIGKILL');
    const code = await output.closed;
    assert.equal(code, 78, output.stderr());
    assert.match(output.stderr(), /dropped|closed the connection|connection.*(lost|reset)/i);
    const lines = output.stdout().split('\n');
    assert.equal(lines.pop(), '', 'the output ends with a whole line');
    assert.doesNotThrow(() => JSON.parse(lines.at(-1)!), 'the last printed line is whole JSON');
  },
);

test('the socket file deleted while its server runs: calls say it does not exist, the server keeps serving its open channel', async (t) => {
  const server = await serveDemoProcess(t, `unix:${tempDir(t)}/d.sock`);
  const endpoint = parseTarget(server.target);
  const clients = demoClients(endpoint);
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', { message: 'before' })).message, 'before');
  fs.unlinkSync((endpoint as { path: string }).path);
  const run = await runCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Echo']);
  assert.equal(run.code, 78);
  assert.match(run.stderr, /does not exist/);
  assert.equal((await unary(clients.demo, 'Echo', { message: 'after' })).message, 'after');
});

test('a server restarted on the same path answers the next call', { timeout: 60_000 }, async (t) => {
  const listen = `unix:${tempDir(t)}/d.sock`;
  const first = await serveDemoProcess(t, listen);
  first.child.kill('SIGTERM');
  await new Promise((resolve) => first.child.on('exit', resolve));
  const second = await serveDemoProcess(t, listen);
  const run = await runCli(cli.path(), ['call', second.target, 'grpcipc.demo.v1.Demo/Echo', '-d', '{"message":"again"}']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /"again"/);
});

test('SIGINT during a stream cancels it: CANCELLED is printed and the exit code is 65', { timeout: 60_000 }, async (t) => {
  const server = await serveDemoProcess(t, `unix:${tempDir(t)}/d.sock`);
  const child = spawnCli(cli.path(), [
    'call',
    server.target,
    COUNTDOWN,
    '-d',
    JSON.stringify({ count: 1000, interval: '0.05s' }),
    '--deadline',
    '5m',
  ]);
  child.stdin!.end();
  const output = collect(child);
  await afterLines(child, 2);
  child.kill('SIGINT');
  assert.equal(await output.closed, 64 + 1, output.stderr());
  assert.match(output.stderr(), /CANCELLED/);
});

test(
  '`| head -1`: the reader closing the pipe ends the call quietly',
  { skip: !fs.existsSync('/bin/sh') && 'needs /bin/sh', timeout: 60_000 },
  async (t) => {
    const server = await serveDemoProcess(t, `unix:${tempDir(t)}/d.sock`);
    const shell = spawn(
      '/bin/sh',
      ['-c', `"${process.execPath}" "${cli.path()}" call "${server.target}" ${COUNTDOWN} -d '${MILLION}' | head -1`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk) => (stdout += chunk));
    shell.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise((resolve) => shell.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(stdout.split('\n').filter(Boolean).length, 1);
    assert.doesNotThrow(() => JSON.parse(stdout));
    assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
  },
);
