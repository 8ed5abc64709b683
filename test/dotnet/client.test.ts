// The .NET client from the IPC guide (SocketsHttpHandler.ConnectCallback to a Unix socket, TLS checked
// by SHA-256 thumbprint) against `grpc-ipc serve-demo`, on all four call kinds.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDotnetPeers, dotnetMissingReason, privateTempDir, runDotnetClient, type ClientRun } from '../helpers/dotnet';

const missing = process.platform === 'linux' ? dotnetMissingReason() : 'the .NET client over Unix sockets is tested on Linux';
const skip = process.env.CI === 'true' ? false : missing;
const cliBundle = path.resolve(__dirname, '../../dist/cli.js');

interface DemoServer {
  socket: string;
  /** The `sha256 <hex>` line of a TLS server. */
  sha256?: string;
  child: ChildProcess;
  stderr(): string;
}

let dir = '';
const servers: DemoServer[] = [];

/** Starts `grpc-ipc serve-demo` and waits for its "listening" line (and, with TLS, its "sha256" line). */
async function serveDemo(name: string, tls: boolean): Promise<DemoServer> {
  const socket = path.join(dir, name);
  const child = spawn(process.execPath, [cliBundle, 'serve-demo', '--listen', `unix:${socket}`, ...(tls ? ['--tls'] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const server = await new Promise<DemoServer>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const sha256 = /^sha256 ([0-9a-f]{64})$/m.exec(stdout)?.[1];
      if (/^listening /m.test(stdout) && (!tls || sha256)) resolve({ socket, sha256, child, stderr: () => stderr });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`serve-demo exited with ${code}:\n${stdout}${stderr}`)));
  });
  servers.push(server);
  return server;
}

before(async () => {
  if (skip) return;
  if (missing) throw new Error(`The .NET tier must run under CI: ${missing}.`);
  if (!fs.existsSync(cliBundle)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
  await buildDotnetPeers();
  dir = privateTempDir();
});

after(async () => {
  for (const server of servers) {
    if (server.child.exitCode !== null) continue;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Checks what the demo answers on each call kind, as the .NET client printed it. */
function assertFourCallKinds(run: ClientRun): void {
  assert.equal(run.code, 0, run.stderr);
  const byKind = (kind: string) => run.lines.filter((line) => line.kind === kind).map((line) => line.message);

  const [echo] = byKind('unary') as [{ message: string; sample: Record<string, unknown>; metadata: Record<string, string> }];
  assert.equal(echo.message, 'hello from .NET');
  // The sample comes back as the .NET client sent it: int64, enum, bytes, repeated, map, oneof.
  assert.deepEqual(echo.sample, {
    text: 'from .NET',
    big: '9007199254740993',
    blob: 'AQID',
    mood: 'MOOD_CURIOUS',
    words: ['a', 'b'],
    counts: { x: '-5' },
    name: 'oneof',
  });
  assert.match(echo.metadata['user-agent'] ?? '', /^grpc-dotnet\//);

  assert.deepEqual(
    byKind('server-streaming').map((m) => [m.index, m.remaining ?? 0]),
    [
      [1, 2],
      [2, 1],
      [3, 0],
    ],
  );
  assert.deepEqual(byKind('client-streaming'), [
    { count: 3, sum: '9007199254740996', words: ['one', 'two', 'big'], moods: { MOOD_HAPPY: 3 } },
  ]);
  assert.deepEqual(
    byKind('bidi').map((m) => m.text),
    [
      'Welcome to the demo chat. Each message gets an answer; end the stream to say goodbye.',
      'You said: hi',
      'You said: bye',
      'Goodbye after 2 message(s).',
    ],
  );
}

test('the .NET client calls serve-demo over a Unix socket with all four call kinds', { skip, timeout: 120_000 }, async () => {
  const server = await serveDemo('demo.sock', false);
  assertFourCallKinds(await runDotnetClient(server.socket));
  for (const method of ['Echo', 'Countdown', 'Collect', 'Chat']) assert.match(server.stderr(), new RegExp(`^\\S+ ${method}`, 'm'));
});

test(
  'over TLS the thumbprint callback accepts the sha256 line serve-demo prints and rejects another',
  { skip, timeout: 120_000 },
  async () => {
    const server = await serveDemo('demo-tls.sock', true);
    assert.ok(server.sha256);
    assertFourCallKinds(await runDotnetClient(server.socket, server.sha256));

    const callsBefore = server.stderr();
    const wrong = server.sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const refused = await runDotnetClient(server.socket, wrong);
    assert.equal(refused.code, 1);
    assert.deepEqual(refused.lines, []);
    assert.match(refused.stderr, /RemoteCertificateValidationCallback/);
    assert.equal(server.stderr(), callsBefore, 'the demo server logged no call');
  },
);
