import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { runCli, spawnCli, useCliBundle } from '../helpers/cliRunner';
import { PROTOSET } from '../helpers/fixtureSchema';
import { startProbeServer } from '../helpers/probeServer';
import { FIXTURES, SHOP_PROTO, startShopServer, tempDir } from '../helpers/servers';

const bundle = useCliBundle();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI in a child process; `stdin` lines are written when given. */
function cli(args: string[], stdin?: string[]): Promise<Run> {
  return runCli(bundle.path(), args, { stdin: (stdin ?? []).map((line) => `${line}\n`).join('') });
}

async function server(t: TestContext): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const socket = path.join(dir, 'cli.sock');
  const probe = await startProbeServer(`unix:${socket}`);
  t.after(async () => {
    await probe.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return `unix:${socket}`;
}

const lines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

test('cli: unary call prints one JSON line and OK', async (t) => {
  const target = await server(t);
  const run = await cli([
    'call',
    target,
    'calltest.v1.Probe/Echo',
    '--protoset',
    PROTOSET,
    '-d',
    '{"text":"hi","i64":"7","color":"COLOR_RED"}',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(run.stdout), [{ text: 'hi', i64: '7', color: 'COLOR_RED' }]);
  assert.equal(run.stderr.trim(), 'OK');
});

test('cli: server streaming prints NDJSON, pkg.Service.Method works, no -d means {}', async (t) => {
  const target = await server(t);
  const run = await cli(['call', target, 'calltest.v1.Probe.Count', '--protoset', PROTOSET, '-d', '{"count":3}']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(
    lines(run.stdout).map((item) => item.count),
    [1, 2, 3],
  );
  const empty = await cli(['call', target, 'calltest.v1.Probe/Count', '--protoset', PROTOSET]);
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stdout, '');
});

test('cli: client streaming and bidi read NDJSON from stdin', async (t) => {
  const target = await server(t);
  const sum = await cli(
    ['call', target, 'calltest.v1.Probe/Sum', '--protoset', PROTOSET, '-d', '@-'],
    ['{"count":1}', '', '{"count":2}', '{"count":39}'],
  );
  assert.equal(sum.code, 0, sum.stderr);
  assert.deepEqual(lines(sum.stdout), [{ count: 42, size: 3 }]);
  const chat = await cli(
    ['call', target, 'calltest.v1.Probe/Chat', '--protoset', PROTOSET, '-d', '@-'],
    ['{"name":"a"}', '{"name":"b","count":2}'],
  );
  assert.equal(chat.code, 0, chat.stderr);
  assert.deepEqual(lines(chat.stdout), [{ name: 'echo:a' }, { name: 'echo:b', count: 4 }]);
});

test('cli: -d @FILE with NDJSON for a client stream, and -H metadata', async (t) => {
  const target = await server(t);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gi-')), 'req.ndjson');
  t.after(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  fs.writeFileSync(file, '{"count":4}\n{"count":5}\n');
  const run = await cli(['call', target, 'calltest.v1.Probe/Sum', '--protoset', PROTOSET, '-d', `@${file}`, '-H', 'x-id: 1']);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(lines(run.stdout), [{ count: 9, size: 2 }]);
});

test('cli: a server status exits 64 + code with the status on stderr', async (t) => {
  const target = await server(t);
  const run = await cli(['call', target, 'calltest.v1.Probe/Count', '--protoset', PROTOSET, '-d', '{"count":1,"failCode":5}']);
  assert.equal(run.code, 64 + 5);
  assert.equal(lines(run.stdout).length, 1);
  assert.equal(run.stderr.trim(), 'NOT_FOUND: failed on purpose');
});

test('cli: bad request JSON exits 2 with the JSON path, and sends nothing', async (t) => {
  const target = await server(t);
  const run = await cli([
    'call',
    target,
    'calltest.v1.Probe/Echo',
    '--protoset',
    PROTOSET,
    '-d',
    '{"nested":{"items":[{},{"count":"x"}]}}',
  ]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /\$\.nested\.items\[1\]\.count/);
  assert.equal(run.stdout, '');
  const stdinLine = await cli(
    ['call', target, 'calltest.v1.Probe/Sum', '--protoset', PROTOSET, '-d', '@-'],
    ['{"count":1}', '{"count":1,"nope":2}'],
  );
  assert.equal(stdinLine.code, 2);
  assert.match(stdinLine.stderr, /stdin line 2: \$\.nope: unknown field/);
  // The first line went out before the second was read: the message must not claim nothing was sent.
  assert.match(stdinLine.stderr, /1 earlier message was sent; the call was cancelled at this line\./);
  assert.doesNotMatch(stdinLine.stderr, /Nothing was sent/);
});

test('cli: usage errors exit 2; a missing socket exits 64+14', async (t) => {
  const target = await server(t);
  assert.equal((await cli(['call', target])).code, 2);
  assert.equal((await cli(['call', 'nonsense', 'a/b'])).code, 2);
  const unknown = await cli(['call', target, 'calltest.v1.Probe/Nope', '--protoset', PROTOSET]);
  assert.equal(unknown.code, 2);
  const missing = await cli(['call', `${target}.gone`, 'calltest.v1.Probe/Echo', '--protoset', PROTOSET]);
  assert.equal(missing.code, 64 + 14, missing.stderr);
  assert.match(missing.stderr, /does not exist|No socket/);
});

test('cli: --expect-owner refuses before connecting on a mismatch', async (t) => {
  const target = await server(t);
  const me = os.userInfo();
  const ok = await cli(['call', target, 'calltest.v1.Probe/Echo', '--protoset', PROTOSET, '--expect-owner', me.username]);
  assert.equal(ok.code, 0, ok.stderr);
  const other = await cli(['call', target, 'calltest.v1.Probe/Echo', '--protoset', PROTOSET, '--expect-owner', String(me.uid + 4242)]);
  assert.equal(other.code, 64 + 7);
  assert.match(other.stderr, /is owned by uid .* expected .* Nothing was sent/);
  assert.equal(other.stdout, '');
});

test('cli: bidi from stdin sends each line as it arrives', async (t) => {
  const target = await server(t);
  const child = spawnCli(bundle.path(), [
    'call',
    target,
    'calltest.v1.Probe/Chat',
    '--protoset',
    PROTOSET,
    '-d',
    '@-',
    '--deadline',
    '20s',
  ]);
  t.after(() => child.kill());
  let stdout = '';
  const waitFor = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (stdout.includes(text)) {
          child.stdout.off('data', onData);
          resolve();
        }
      };
      const onData = (chunk: Buffer) => {
        stdout += chunk;
        check();
      };
      child.stdout.on('data', onData);
      check();
    });
  // Each reply arrives while stdin is still open, so the line was sent before the next one was written.
  child.stdin.write('{"name":"first"}\n');
  await waitFor('echo:first');
  child.stdin.write('{"name":"second"}\n');
  await waitFor('echo:second');
  child.stdin.end();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.deepEqual(lines(stdout), [{ name: 'echo:first' }, { name: 'echo:second' }]);
});

test('cli: the schema comes from server reflection by default, or from --proto with -I', async (t) => {
  const shop = await startShopServer(t, { listen: `unix:${path.join(tempDir(t), 'shop.sock')}`, reflection: 'v1+v1alpha' });
  const byReflection = await cli(['call', shop.target, 'shop.v1.Shop/GetItem', '-d', '{"id":"1"}']);
  assert.equal(byReflection.code, 0, byReflection.stderr);
  assert.deepEqual(lines(byReflection.stdout), [{ id: '1', name: 'lamp', price: { currency: 'EUR', units: '3' } }]);
  const byProto = await cli(['call', shop.target, 'shop.v1.Shop.ListItems', '--proto', SHOP_PROTO, '-I', FIXTURES]);
  assert.equal(byProto.code, 0, byProto.stderr);
  assert.equal(lines(byProto.stdout)[0].name, 'lamp');
});

test('cli: a server without reflection and no schema flags exits 64+12 with a hint', async (t) => {
  const shop = await startShopServer(t, { listen: `unix:${path.join(tempDir(t), 'bare.sock')}`, reflection: 'none' });
  const run = await cli(['call', shop.target, 'shop.v1.Shop/GetItem']);
  assert.equal(run.code, 64 + 12, run.stderr);
  assert.match(run.stderr, /--proto|--protoset/);
});

test('cli: --json prints the status, trailers and timing as one JSON object on stderr', async (t) => {
  const target = await server(t);
  const run = await cli(['call', target, 'calltest.v1.Probe/Echo', '--protoset', PROTOSET, '-H', 'x-k: v', '--json']);
  assert.equal(run.code, 0, run.stderr);
  const status = JSON.parse(run.stderr.trim());
  assert.equal(status.codeName, 'OK');
  assert.deepEqual(status.headers['x-k'], ['v']);
  assert.deepEqual(status.trailers['x-trailer'], ['done']);
  assert.equal(typeof status.timing.totalMs, 'number');
  assert.equal(status.transport, target);
  assert.equal(status.responses, undefined);
});

test('cli: SIGINT cancels a running call and exits 64+1', async (t) => {
  const socket = path.join(tempDir(t), 'sigint.sock');
  const probe = await startProbeServer(`unix:${socket}`);
  t.after(() => probe.close());
  const before = probe.callsStarted();
  const child = spawnCli(bundle.path(), [
    'call',
    `unix:${socket}`,
    'calltest.v1.Probe/Count',
    '--protoset',
    PROTOSET,
    '-d',
    '{"count":1,"delayMs":-1}',
    '--deadline',
    '60s',
  ]);
  t.after(() => child.kill());
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  // The silent handler never answers; once it has the call, the CLI is waiting on it.
  while (probe.callsStarted() === before) await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 64 + 1, stderr);
  assert.match(stderr, /^CANCELLED/m);
});

test('cli: limits become statuses: --deadline → 64+4, --max-receive-bytes → 64+8', async (t) => {
  const target = await server(t);
  const slow = await cli([
    'call',
    target,
    'calltest.v1.Probe/Count',
    '--protoset',
    PROTOSET,
    '-d',
    '{"delayMs":-1}',
    '--deadline',
    '300ms',
  ]);
  assert.equal(slow.code, 64 + 4, slow.stderr);
  assert.match(slow.stderr, /^DEADLINE_EXCEEDED: .*300 ms.*--deadline/m);
  const big = await cli([
    'call',
    target,
    'calltest.v1.Probe/Count',
    '--protoset',
    PROTOSET,
    '-d',
    '{"count":1,"size":5000}',
    '--max-receive-bytes',
    '1024',
  ]);
  assert.equal(big.code, 64 + 8, big.stderr);
  assert.match(big.stderr, /^RESOURCE_EXHAUSTED: .*limit of 1024 bytes/m);
});
