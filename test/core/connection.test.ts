import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http2 from 'node:http2';
import * as path from 'node:path';
import { explainGrpcError, FLOW_CONTROL_WINDOW, openConnection, preflight } from '../../src/ipc/connection';
import { IpcError, type IpcErrorCode } from '../../src/ipc/errors';
import { listServicesByReflection } from '../../src/ipc/reflection/client';
import { loadSchemaByReflection } from '../../src/ipc/schema/schema';
import { makeStaleSocket, startHttp1Server, startShopServer, startSilentServer, tempDir } from '../helpers/servers';

function isIpc(code: IpcErrorCode, pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof IpcError, `expected IpcError, got ${String(error)}`);
    assert.equal(error.code, code, error.describe());
    if (pattern) assert.match(error.describe(), pattern);
    assert.doesNotMatch(error.message, /^ECONNREFUSED|^ENOENT/);
    return true;
  };
}

test('preflight: a missing socket', async (t) => {
  const socket = path.join(tempDir(t), 'none.sock');
  await assert.rejects(preflight({ kind: 'unix', path: socket }), isIpc('socket-missing', /does not exist/));
});

test('preflight: a regular file is not a socket', async (t) => {
  const file = path.join(tempDir(t), 'file.sock');
  fs.writeFileSync(file, 'x');
  await assert.rejects(preflight({ kind: 'unix', path: file }), isIpc('not-a-socket', /regular file/));
});

test('preflight: a stale socket file says so and suggests removing it', async (t) => {
  const socket = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socket);
  assert.ok(fs.statSync(socket).isSocket());
  await assert.rejects(
    preflight({ kind: 'unix', path: socket }),
    isIpc('socket-stale', /nothing is listening \(stale\).*Remove it or restart the server/),
  );
  // The same through the whole reflection path, not just preflight.
  await assert.rejects(listServicesByReflection({ endpoint: { kind: 'unix', path: socket } }, 2000), isIpc('socket-stale'));
});

test('preflight: a path longer than the platform allows', async () => {
  await assert.rejects(preflight({ kind: 'unix', path: '/tmp/' + 'x'.repeat(120) }), isIpc('path-too-long', /at most 107/));
});

test('preflight: permission denied, on the folder or on the socket itself', async (t) => {
  const dir = tempDir(t); // mode 0700, owned by the current user
  const hidden = path.join(dir, 's.sock');
  await startSilentServer(t, hidden);
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o000);
    t.after(() => fs.chmodSync(dir, 0o700));
    await assert.rejects(preflight({ kind: 'unix', path: hidden }), isIpc('permission-denied', /Permission denied/));
    return;
  }
  // Root passes every permission check, so ask as an unprivileged user in a child process.
  const nobody = 65534;
  const readable = spawnSync(process.execPath, ['-e', `require('fs').readFileSync(${JSON.stringify(require.resolve('tsx'))})`], {
    uid: nobody,
    gid: nobody,
  });
  if (readable.status !== 0) {
    t.skip('running as root, and the project folder is not readable by uid 65534 to repeat the check unprivileged');
    return;
  }
  const open = path.join(tempDir(t), 'open');
  fs.mkdirSync(open, { mode: 0o755 });
  fs.chmodSync(path.dirname(open), 0o755);
  const privateSocket = path.join(open, 'private.sock');
  const publicSocket = path.join(open, 'public.sock');
  await startSilentServer(t, privateSocket);
  await startSilentServer(t, publicSocket);
  fs.chmodSync(privateSocket, 0o600);
  fs.chmodSync(publicSocket, 0o666);

  const script =
    `const { preflight } = require(${JSON.stringify(path.resolve(__dirname, '../../src/ipc/connection.ts'))});` +
    `(async () => { for (const p of process.argv.slice(1)) {` +
    `  try { await preflight({ kind: 'unix', path: p }); console.log(JSON.stringify({ code: 'ok' })); }` +
    `  catch (e) { console.log(JSON.stringify({ code: e.code, text: e.describe() })); } } })();`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, hidden, privateSocket, publicSocket], {
    uid: nobody,
    gid: nobody,
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, HOME: '/tmp' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.exitCode === null && child.kill());
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const status = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(status, 0, stderr);
  const answers = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    answers.map((answer) => answer.code),
    ['permission-denied', 'permission-denied', 'ok'],
    stdout,
  );
  assert.match(answers[0].text, /Permission denied opening socket .*s\.sock/);
});

test('preflight: a listening socket passes', async (t) => {
  const socket = path.join(tempDir(t), 'ok.sock');
  await startSilentServer(t, socket);
  await preflight({ kind: 'unix', path: socket });
});

test('an HTTP/1 server is reported as not speaking gRPC', async (t) => {
  const socket = path.join(tempDir(t), 'http.sock');
  await startHttp1Server(t, socket);
  await assert.rejects(
    listServicesByReflection({ endpoint: { kind: 'unix', path: socket } }, 3000),
    isIpc('not-grpc', /does not speak gRPC \(HTTP\/2\)/),
  );
});

test('a server that accepts and never answers fails at the deadline, naming it', async (t) => {
  const socket = path.join(tempDir(t), 'silent.sock');
  const silent = await startSilentServer(t, socket);
  await assert.rejects(
    listServicesByReflection({ endpoint: { kind: 'unix', path: socket } }, 400),
    isIpc('deadline', /within the deadline of 400 ms/),
  );
  assert.ok(silent.accepted() >= 1);
});

test('abstract sockets', async (t) => {
  const name = `gi-test-${process.pid}-${Date.now()}`;
  if (Number(process.versions.node.split('.')[0]) < 22) {
    await assert.rejects(preflight({ kind: 'abstract', name }), isIpc('abstract-needs-node22', /Node ≥ 22/));
    t.skip('abstract sockets need Node ≥ 22');
    return;
  }
  await assert.rejects(preflight({ kind: 'abstract', name }), isIpc('socket-missing', /abstract socket/));
  await startShopServer(t, { listen: `unix:\0${name}`, reflection: 'v1+v1alpha' });
  const schema = await loadSchemaByReflection({ endpoint: { kind: 'abstract', name } }, 5000);
  assert.ok(schema.services.some((service) => service.name === 'shop.v1.Shop'));
});

test('an abstract socket bound with its exact name length by a non-Node process is reachable', async (t) => {
  if (Number(process.versions.node.split('.')[0]) < 22) {
    t.skip('abstract sockets need Node ≥ 22');
    return;
  }
  const name = `gi-exact-${process.pid}`;
  // Python binds the exact name length, as C, C++, Go and .NET servers do; Node 20 pads to 108 bytes.
  const script =
    'import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.bind(b"\\0"+sys.argv[1].encode())\ns.listen()\nprint("ready",flush=True)\nsys.stdin.read()';
  const child = spawn('python3', ['-c', script, name], { stdio: ['pipe', 'pipe', 'inherit'] });
  const started = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(false));
    child.stdout.once('data', () => resolve(true));
  });
  t.after(() => child.kill());
  if (!started) {
    t.skip('python3 is not installed; it stands in for a non-Node server');
    return;
  }
  await preflight({ kind: 'abstract', name });
  await assert.rejects(preflight({ kind: 'abstract', name: `${name}-other` }), isIpc('socket-missing'));
});

test('explainGrpcError maps the remaining status codes', () => {
  const endpoint = { kind: 'unix', path: '/run/app.sock' } as const;
  const tooLarge = explainGrpcError({ code: 8, details: 'Received message larger than max (5000000 vs 4194304)' }, endpoint);
  assert.equal(tooLarge.code, 'message-too-large');
  assert.match(tooLarge.describe(), /4194304 bytes.*5000000 bytes.*--max-receive-bytes/);
  assert.equal(
    explainGrpcError({ code: 12, details: 'The server does not implement the method /a.B/C' }, endpoint, { method: 'a.B/C' }).code,
    'unknown-method',
  );
  const refused = explainGrpcError(
    { code: 14, details: 'No connection established. Last error: connect ECONNREFUSED /run/app.sock' },
    endpoint,
  );
  assert.equal(refused.code, 'socket-stale');
  const tcp = explainGrpcError(
    { code: 14, details: 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:1' },
    { kind: 'tcp', host: '127.0.0.1', port: 1 },
  );
  assert.equal(tcp.code, 'socket-missing');
  assert.match(tcp.message, /Nothing listens on 127\.0\.0\.1:1/);
  const dns = explainGrpcError(
    { code: 14, details: 'Name resolution failed for target dns:nohost.invalid:1' },
    { kind: 'tcp', host: 'nohost.invalid', port: 1 },
  );
  assert.equal(dns.code, 'socket-missing');
  assert.match(dns.message, /nohost\.invalid could not be resolved/);
});

test('real servers: an unimplemented method and an oversized message', async (t) => {
  const socket = path.join(tempDir(t), 's.sock');
  await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha' });
  const endpoint = { kind: 'unix', path: socket } as const;

  const connection = openConnection({ endpoint });
  t.after(() => connection.close());
  const error = await new Promise<unknown>((resolve) =>
    connection.client.makeUnaryRequest(
      '/shop.v1.Shop/Nope',
      (value: Buffer) => value,
      (value: Buffer) => value,
      Buffer.alloc(0),
      { deadline: new Date(Date.now() + 5000) },
      (callError) => resolve(callError),
    ),
  );
  assert.ok(isIpc('unknown-method', /shop\.v1\.Shop\/Nope.*describe/)(explainGrpcError(error, endpoint, { method: 'shop.v1.Shop/Nope' })));

  await assert.rejects(
    listServicesByReflection({ endpoint, maxReceiveBytes: 8 }, 5000),
    isIpc('message-too-large', /limit of 8 bytes.*--max-receive-bytes/),
  );
});

test('the client offers a 1 MiB HTTP/2 window, so a server can stream ahead of a busy reader', async (t) => {
  // A plain HTTP/2 server reads the SETTINGS the client sends, and answers every call with UNIMPLEMENTED.
  const socket = path.join(tempDir(t), 'window.sock');
  const offered: number[] = [];
  const server = http2.createServer();
  server.on('session', (session) => session.once('remoteSettings', (settings) => offered.push(settings.initialWindowSize ?? 65_535)));
  server.on('stream', (stream) =>
    stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' }, { endStream: true }),
  );
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  // Sessions still open would hold close() back; the client closes its own below.
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const connection = openConnection({ endpoint: { kind: 'unix', path: socket } });
  await new Promise<void>((resolve) =>
    connection.client.makeUnaryRequest(
      '/x.Y/Z',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      () => resolve(),
    ),
  );
  connection.close();
  assert.deepEqual(offered, [FLOW_CONTROL_WINDOW]);
  assert.equal(FLOW_CONTROL_WINDOW, 1 << 20);
});
