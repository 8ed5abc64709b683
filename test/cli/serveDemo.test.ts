import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { defaultDemoTarget } from '../../src/cli/serveDemo';
import { startDemoServer } from '../../src/ipc/demo/server';
import { parseTarget } from '../../src/ipc/endpoint';
import { demoClients, reflect, unary } from '../helpers/demoClient';
import { selfSignedCertificate } from '../helpers/servers';

const root = path.resolve(__dirname, '../..');

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `grpc-ipc serve-demo` as a real child process; killed after the test if still running. */
function serveDemo(
  t: { after(fn: () => void): void },
  args: string[],
  cli: string[] = ['--import', 'tsx', path.join(root, 'src/cli/main.ts')],
  cwd = root,
): Running {
  const child = spawn(process.execPath, [...cli, 'serve-demo', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with stdout once it holds `lines` lines; rejects with stderr if the process ends first. */
async function waitForLines(running: Running, lines: number): Promise<string[]> {
  const read = () => running.stdout().split('\n').filter(Boolean);
  while (read().length < lines) {
    const ended = await Promise.race([running.exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 50))]);
    if (ended) throw new Error(`serve-demo ended early (${JSON.stringify(ended)}): ${running.stderr()}`);
  }
  return read();
}

/** The certificate a TLS server on a unix socket presents, without verifying it. */
function peerCertificate(socketPath: string): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ path: socketPath, servername: 'localhost', rejectUnauthorized: false, ALPNProtocols: ['h2'] });
    socket.once('secureConnect', () => {
      resolve(new X509Certificate(socket.getPeerCertificate().raw));
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

test('serve-demo prints its target, serves calls, and on SIGTERM exits 0 and removes the socket', async (t) => {
  const socketPath = path.join(tempDir(t), 'cli.sock');
  const running = serveDemo(t, ['--listen', `unix:${socketPath}`]);
  const [line] = await waitForLines(running, 1);
  assert.equal(line, `listening unix:${socketPath}`);
  const clients = demoClients(parseTarget(line.slice('listening '.length)));
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', { message: 'from a test' })).message, 'from a test');
  assert.equal((await unary(clients.health, 'Check', { service: 'grpcipc.demo.v1.Demo' })).status, 'SERVING');
  clients.close();
  running.child.kill('SIGTERM');
  assert.deepEqual(await running.exited, { code: 0, signal: null });
  assert.equal(fs.existsSync(socketPath), false);
  assert.match(running.stderr(), /\d\d:\d\d:\d\d\.\d{3} Echo\n/);
  assert.equal(running.stdout(), `listening unix:${socketPath}\n`);
});

test('serve-demo --tls prints the sha256 of the certificate it serves, and SIGINT stops it', async (t) => {
  const socketPath = path.join(tempDir(t), 'tls.sock');
  const running = serveDemo(t, ['--listen', `unix:${socketPath}`, '--tls']);
  const [listening, sha] = await waitForLines(running, 2);
  assert.equal(listening, `listening unix:${socketPath}`);
  assert.match(sha, /^sha256 [0-9a-f]{64}$/);
  // Read the certificate with a plain TLS handshake, independently of grpc-js.
  const served = await peerCertificate(socketPath);
  assert.equal(sha, `sha256 ${served.fingerprint256.replace(/:/g, '').toLowerCase()}`);
  const clients = demoClients({ kind: 'unix', path: socketPath }, grpc.credentials.createSsl(Buffer.from(served.toString())), {
    'grpc.ssl_target_name_override': 'localhost',
  });
  t.after(() => clients.close());
  assert.equal((await unary(clients.demo, 'Echo', {})).message, 'hello');
  clients.close();
  running.child.kill('SIGINT');
  assert.deepEqual(await running.exited, { code: 0, signal: null });
  assert.equal(fs.existsSync(socketPath), false);
});

test('serve-demo refuses a socket another server listens on, and exits 1', async (t) => {
  const socketPath = path.join(tempDir(t), 'busy.sock');
  const first = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => first.close());
  const running = serveDemo(t, ['--listen', `unix:${socketPath}`]);
  assert.deepEqual(await running.exited, { code: 1, signal: null });
  assert.match(running.stderr(), /Another server is already listening on .*busy\.sock\. Stop that server/);
  assert.equal(running.stdout(), '');
  assert.ok(fs.statSync(socketPath).isSocket());
});

test("serve-demo with a key that is not its certificate's names both files, not the address", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-pair-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const [one, other] = [await selfSignedCertificate(), await selfSignedCertificate()];
  fs.writeFileSync(path.join(dir, 'server.pem'), one.cert);
  fs.writeFileSync(path.join(dir, 'other.key'), other.key);
  const running = serveDemo(t, [
    '--listen',
    `unix:${path.join(dir, 'd.sock')}`,
    '--cert',
    path.join(dir, 'server.pem'),
    '--key',
    path.join(dir, 'other.key'),
  ]);
  const exited = await running.exited;
  assert.match(running.stderr(), /The private key .*other\.key does not belong to the certificate .*server\.pem/);
  assert.doesNotMatch(running.stderr(), /Check the address/);
  assert.notEqual(exited.code, 0);
  assert.equal(fs.existsSync(path.join(dir, 'd.sock')), false, 'nothing was left listening');
});

test('serve-demo usage errors exit 2', async (t) => {
  const running = serveDemo(t, ['--cert', 'server.pem']);
  assert.deepEqual(await running.exited, { code: 2, signal: null });
  assert.match(running.stderr(), /--cert and --key go together/);
});

test(
  'the bundled CLI serves the demo with reflection and health from a copy without node_modules',
  { skip: fs.existsSync(path.join(root, 'dist/cli.js')) ? false : 'dist/cli.js is not built (npm run build)' },
  async (t) => {
    const dir = tempDir(t);
    // The layout an installed extension has: dist/ and protos/ side by side, no node_modules.
    fs.cpSync(path.join(root, 'dist'), path.join(dir, 'app/dist'), { recursive: true });
    fs.cpSync(path.join(root, 'protos'), path.join(dir, 'app/protos'), { recursive: true });
    const socketPath = path.join(dir, 'b.sock');
    const running = serveDemo(t, ['--listen', `unix:${socketPath}`], [path.join(dir, 'app/dist/cli.js')], dir);
    const [line] = await waitForLines(running, 1);
    assert.equal(line, `listening unix:${socketPath}`);
    const clients = demoClients({ kind: 'unix', path: socketPath });
    t.after(() => clients.close());
    const countdown = await new Promise<number>((resolve, reject) => {
      let count = 0;
      const call = clients.demo.Countdown({ interval: { seconds: 0 } });
      call.on('data', () => count++);
      call.on('error', reject);
      call.on('end', () => resolve(count));
    });
    assert.equal(countdown, 3);
    assert.equal((await unary(clients.health, 'Check', { service: '' })).status, 'SERVING');
    for (const client of [clients.reflectionV1, clients.reflectionV1alpha]) {
      const list = await reflect(client, { list_services: '*' });
      assert.ok(list.list_services_response.service.some((s: { name: string }) => s.name === 'grpcipc.demo.v1.Demo'));
    }
    clients.close();
    running.child.kill('SIGTERM');
    assert.deepEqual(await running.exited, { code: 0, signal: null });
  },
);

test('the default target is a private socket on Unix and a named pipe on Windows', () => {
  assert.equal(defaultDemoTarget('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }), 'unix:/run/user/1000/grpc-ipc-demo.sock');
  assert.equal(defaultDemoTarget('darwin', {}), `unix:${path.join(os.tmpdir(), 'grpc-ipc-demo.sock')}`);
  assert.equal(defaultDemoTarget('win32', {}), 'npipe:grpc-ipc-demo');
});
