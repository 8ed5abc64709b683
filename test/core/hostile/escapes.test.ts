// Issue 15, security item 6: names and messages from other users or servers cannot drive the terminal.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import { escapeControls } from '../../../src/ipc/text';
import { runCli, useCliBundle } from '../../helpers/cliRunner';
import { demoServer, tempDir } from './fixture';

const cli = useCliBundle();
// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

test('escapeControls makes ESC, CR, LF, BEL, C1 and bidi overrides visible', () => {
  assert.equal(escapeControls('a\u001b[2K\rb\nc\u0007d\u009be\u202ef'), 'a\\e[2K\\rb\\nc\\x07d\\x9be\\u202ef');
  assert.equal(escapeControls('plain – ünïcode ✓'), 'plain – ünïcode ✓');
});

test('discover prints a socket name holding ESC and CR escaped, so it cannot erase a line or forge a row', async (t) => {
  const dir = tempDir(t);
  const name = 'x\u001b[2K\rroot  serving.sock';
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(dir, name), resolve));
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const run = await runCli(cli.path(), ['discover', '--no-probe', '--dir', dir]);
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, RAW_CONTROL);
  assert.ok(run.stdout.includes('x\\e[2K\\rroot  serving.sock'), run.stdout);
  const rows = run.stdout.split('\n').filter((line) => line.startsWith(`unix:${dir}`));
  assert.equal(rows.length, 1, `one row, no forged second one:\n${run.stdout}`);
});

test("call prints a server's status message with ESC, BEL and CR escaped", async (t) => {
  const server = await demoServer(t);
  const data = JSON.stringify({ failWithCode: 9, failMessage: 'bad\u001b]0;owned\u0007\rOK' });
  const run = await runCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Echo', '-d', data]);
  assert.equal(run.code, 64 + 9);
  assert.doesNotMatch(run.stderr, RAW_CONTROL);
  assert.match(run.stderr, /FAILED_PRECONDITION: bad\\e\]0;owned\\x07\\rOK/);
});

test('a target holding control characters is shown escaped in the error', async (t) => {
  const dir = tempDir(t);
  const run = await runCli(cli.path(), ['call', `unix:${dir}/rt\u0007\u001b[8m.sock`, 'a.B/C']);
  assert.equal(run.code, 78, run.stderr);
  assert.doesNotMatch(run.stderr, RAW_CONTROL);
  assert.ok(run.stderr.includes('rt\\x07\\e[8m.sock'), run.stderr);
});

test('grpc-ipc with no command prints its usage to stderr, not stdout, and exits 2', async () => {
  const run = await runCli(cli.path(), []);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /Usage:/);
});
