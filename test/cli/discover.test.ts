import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENDPOINT_KEYS } from '../../src/ipc/discovery/discover';
import { startDemoServer } from '../../src/ipc/demo/server';
import { shortTempDir, startListenerProcess } from '../helpers/listenerProcess';

const root = path.resolve(__dirname, '../..');
const linux = process.platform === 'linux';

/** Runs the CLI from source as a child process. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('discover --json --no-probe --all prints objects with exactly the documented keys', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const live = path.join(dir, 'cli.sock');
  const stale = path.join(dir, 'old.sock');
  const dead = await startListenerProcess({ paths: [stale] });
  await dead.crash();
  const child = await startListenerProcess({ paths: [live] });
  t.after(() => child.close());

  const { code, stdout, stderr } = await runCli(['discover', '--json', '--no-probe', '--all', '--dir', dir]);
  assert.equal(code, 0, stderr);
  const list = JSON.parse(stdout) as Record<string, unknown>[];
  assert.ok(Array.isArray(list));
  // Plain JSON.stringify prints what the records hold: they must hold exactly the documented keys.
  for (const item of list) {
    assert.deepEqual(Object.keys(item), [...ENDPOINT_KEYS]);
    for (const warning of item.warnings as object[]) assert.deepEqual(Object.keys(warning), ['code', 'message']);
  }
  const mine = list.find((e) => e.path === live);
  assert.equal(mine?.pid, child.pid);
  assert.equal(mine?.address, `unix:${live}`);
  assert.equal(mine?.grpc, null);
  assert.equal(list.find((e) => e.path === stale)?.stale, true);
});

test('discover --json (probing) lists the gRPC server and hides a silent listener', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const silent = path.join(dir, 'silent.sock');
  const quiet = await startListenerProcess({ paths: [silent] });
  const demo = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(() => Promise.all([quiet.close(), demo.close()]));

  // A long deadline: a loaded test machine must not turn SERVING into UNKNOWN.
  const { code, stdout, stderr } = await runCli(['discover', '--json', '--dir', dir, '--probe-deadline', '5000']);
  assert.equal(code, 0, stderr);
  const list = JSON.parse(stdout) as { path: string; grpc: { health: string; services: string[] } | null }[];
  const found = list.find((e) => e.path === path.join(dir, 'demo.sock'));
  assert.equal(found?.grpc?.health, 'SERVING');
  assert.deepEqual(Object.keys(found.grpc), ['reflection', 'services', 'health']);
  assert.ok(found?.grpc?.services.includes('grpcipc.demo.v1.Demo'));
  assert.equal(
    list.find((e) => e.path === silent),
    undefined,
  );
  assert.ok(list.every((e) => e.grpc !== null));
});

test('the table names the columns and lists our socket, and a bad flag is a usage error', { skip: !linux && 'needs /proc' }, async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socket = path.join(dir, 'table.sock');
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  const table = await runCli(['discover', '--no-probe', '--dir', dir]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^ADDRESS\s+STATE\s+PID/);
  const row = table.stdout.split('\n').find((line) => line.startsWith(`unix:${socket} `));
  assert.ok(row, `the table should list unix:${socket}:\n${table.stdout}`);
  assert.match(row, new RegExp(`\\s${child.pid}\\s`), 'the row names the listening pid');
  const bad = await runCli(['discover', '--bogus']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Usage: grpc-ipc discover/);
});

test(
  'a reader that stops early (| head) ends discover quietly, not with an EPIPE stack trace',
  { skip: !linux && 'needs /proc' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    // Enough output to outgrow the pipe's buffer, so the write is still going when the reader leaves.
    const server = await startListenerProcess({ paths: Array.from({ length: 400 }, (_, i) => path.join(dir, `s${i}.sock`)) });
    t.after(() => server.close());
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'discover', '--json', '--no-probe', '--dir', dir],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.once('close', resolve));
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /EPIPE|Error/);
  },
);
