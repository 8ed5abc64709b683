// grpc-ipc against a real ASP.NET Core (Kestrel) server built from the IPC guide: discovery, describe,
// all four call kinds, RpcException trailers, gzip, TLS over the Unix socket with CA and pin, owner checks.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateCertificate } from '../../src/ipc/certs';
import { buildDotnetPeers, dotnetMissingReason, privateTempDir, runCli, startKestrel, type Kestrel } from '../helpers/dotnet';

const missing = process.platform === 'linux' ? dotnetMissingReason() : 'Kestrel over Unix sockets is tested on Linux';
const skip = process.env.CI === 'true' ? false : missing;
const ORDERS = 'grpcipc.dotnet.v1.Orders';

let dir = '';
let kestrel: Kestrel;
let sockets: { plain: string; guideDefault: string; tls: string };
let caFile = '';
let sha256 = '';

before(async () => {
  if (skip) return;
  if (missing) throw new Error(`The .NET tier must run under CI: ${missing}.`);
  await buildDotnetPeers();
  dir = privateTempDir();
  const ca = await generateCertificate({ isCa: true, commonName: 'grpc-ipc test CA' });
  const leaf = await generateCertificate({ issuer: ca });
  sha256 = leaf.sha256;
  caFile = path.join(dir, 'ca.pem');
  fs.writeFileSync(caFile, ca.certPem);
  fs.writeFileSync(path.join(dir, 'server.pem'), leaf.certPem);
  fs.writeFileSync(path.join(dir, 'server.key'), leaf.keyPem, { mode: 0o600 });
  sockets = { plain: path.join(dir, 'orders.sock'), guideDefault: path.join(dir, 'socket.tmp'), tls: path.join(dir, 'tls.sock') };
  kestrel = await startKestrel({
    tmpDir: dir,
    sockets: [sockets.plain],
    defaultSocket: true,
    tls: { socket: sockets.tls, cert: path.join(dir, 'server.pem'), key: path.join(dir, 'server.key') },
  });
});

after(async () => {
  await kestrel?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const requestsSoFar = () =>
  kestrel
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('request ')).length;
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The order GetOrder(2) answers, in canonical proto3 JSON as the CLI must print it. */
const ORDER_2 = {
  id: '2',
  customer: 'customer-2',
  status: 'ORDER_STATUS_OPEN',
  lines: [
    { sku: 'SKU-1', quantity: 2, priceCents: '1999' },
    { sku: 'SKU-2', quantity: 1, priceCents: '9007199254740993' },
  ],
  labels: { channel: 'ipc' },
  card: { last4: '4242', network: 'visa' },
  signature: '3q2+7w==',
  createdAt: '2026-01-02T03:04:07Z',
  deliveryWindow: '5400.500s',
};

test('Kestrel writes its sockets owner-only, socket.tmp included, as the guide recommends', { skip }, () => {
  assert.deepEqual(kestrel.sockets, [sockets.plain, sockets.guideDefault, sockets.tls]);
  for (const socket of kestrel.sockets) {
    const stat = fs.statSync(socket);
    assert.ok(stat.isSocket(), socket);
    assert.equal((stat.mode & 0o777).toString(8), '600', socket);
  }
});

test('discover lists the Kestrel sockets with the dotnet pid, command and owner, health and reflection', { skip }, async () => {
  // A generous probe deadline: a cold Kestrel compiles its handlers on first use, and the machine is shared.
  const run = await runCli(['discover', '--json', '--dir', dir, '--probe-deadline', '10000']);
  assert.equal(run.code, 0, run.stderr);
  const found = (JSON.parse(run.stdout) as Record<string, unknown>[]).filter((e) => String(e.path).startsWith(`${dir}/`));
  const byName = new Map(found.map((e) => [e.name, e]));
  // The TLS socket does not answer the plaintext probe, and the runtime's diagnostics socket is never probed.
  assert.deepEqual([...byName.keys()].sort(), ['orders.sock', 'socket.tmp']);
  for (const endpoint of found) {
    assert.equal(endpoint.pid, kestrel.pid);
    assert.match(String(endpoint.command), /^dotnet .*Server\.dll /);
    assert.equal(endpoint.user, os.userInfo().username);
    assert.equal(endpoint.processUid, process.getuid?.());
    assert.equal(endpoint.mode, '0600');
    assert.deepEqual(endpoint.warnings, []);
    const grpc = endpoint.grpc as { reflection: string; services: string[]; health: string };
    assert.equal(grpc.health, 'SERVING');
    assert.equal(grpc.reflection, 'v1');
    for (const service of [
      ORDERS,
      'grpc.health.v1.Health',
      'grpc.reflection.v1.ServerReflection',
      'grpc.reflection.v1alpha.ServerReflection',
    ])
      assert.ok(grpc.services.includes(service), `${service} in ${grpc.services.join(', ')}`);
  }
});

test('discover --no-probe shows all three Kestrel sockets and hides the runtime diagnostics socket', { skip }, async () => {
  const run = await runCli(['discover', '--json', '--no-probe', '--dir', dir]);
  assert.equal(run.code, 0, run.stderr);
  const names = (JSON.parse(run.stdout) as { path: string; name: string }[]).filter((e) => e.path.startsWith(`${dir}/`)).map((e) => e.name);
  assert.deepEqual(names.sort(), ['orders.sock', 'socket.tmp', 'tls.sock']);
  const all = await runCli(['discover', '--json', '--no-probe', '--all', '--dir', dir]);
  assert.ok(
    (JSON.parse(all.stdout) as { name: string }[]).some((e) => new RegExp(`^dotnet-diagnostic-${kestrel.pid}-\\d+-socket$`).test(e.name)),
    'the .NET runtime binds a diagnostics socket in its temp folder; --all shows it',
  );
});

test('describe lists the Kestrel services by reflection v1', { skip }, async () => {
  const run = await runCli(['describe', `unix:${sockets.guideDefault}`, '--json']);
  assert.equal(run.code, 0, run.stderr);
  const described = JSON.parse(run.stdout) as { source: string; services: { name: string; methods: { name: string }[] }[] };
  assert.equal(described.source, 'reflection-v1');
  const orders = described.services.find((s) => s.name === ORDERS);
  assert.deepEqual(
    orders?.methods.map((m) => m.name),
    ['GetOrder', 'ListOrders', 'ImportOrders', 'Track', 'Export'],
  );
  assert.ok(described.services.some((s) => s.name === 'grpc.health.v1.Health'));
  assert.doesNotMatch(kestrel.stderr(), /fail:|reset the request stream/, 'Kestrel logged no error for the reflection stream');
});

test(
  'a unary call prints the order as canonical JSON: int64 as strings, enums by name, bytes, map, oneof, Timestamp, Duration',
  { skip },
  async () => {
    const before = kestrel.stderr().length;
    const run = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/GetOrder`, '-d', '{"id": "2"}']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(lines(run.stdout), [ORDER_2]);
    assert.match(run.stderr, /^OK/m);
    // Kestrel validates :authority and :scheme; over a Unix socket we send localhost and http.
    assert.match(kestrel.stderr().slice(before), /request \/grpcipc\.dotnet\.v1\.Orders\/GetOrder authority=localhost scheme=http /);
  },
);

test('server streaming, client streaming and bidi calls run against Kestrel', { skip }, async () => {
  const listed = await runCli([
    'call',
    `unix:${sockets.plain}`,
    `${ORDERS}/ListOrders`,
    '-d',
    '{"count": 3, "status": "ORDER_STATUS_SHIPPED"}',
  ]);
  assert.equal(listed.code, 0, listed.stderr);
  const orders = lines(listed.stdout);
  assert.deepEqual(
    orders.map((o) => [o.id, o.status, o.voucher ?? (o.card as { last4: string }).last4]),
    [
      ['1', 'ORDER_STATUS_SHIPPED', 'V-1'],
      ['2', 'ORDER_STATUS_SHIPPED', '4242'],
      ['3', 'ORDER_STATUS_SHIPPED', 'V-3'],
    ],
  );

  const imported = await runCli(
    ['call', `unix:${sockets.plain}`, `${ORDERS}/ImportOrders`, '-d', '@-'],
    [
      '{"id": "7", "lines": [{"quantity": 3, "priceCents": "100"}]}',
      '{"id": "9007199254740993", "lines": [{"quantity": 1, "priceCents": "5"}]}',
    ].join('\n'),
  );
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(lines(imported.stdout), [{ count: 2, totalCents: '305', ids: ['7', '9007199254740993'] }]);

  const tracked = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/Track`, '-d', '[{"id": "1"}, {"id": "2"}]']);
  assert.equal(tracked.code, 0, tracked.stderr);
  assert.deepEqual(lines(tracked.stdout), [
    { id: '1', status: 'ORDER_STATUS_SHIPPED', at: '2026-01-03T03:04:05Z' },
    { id: '2', status: 'ORDER_STATUS_SHIPPED', at: '2026-01-04T03:04:05Z' },
  ]);
});

test('an RpcException gives exit 64+status, its message and its trailers, text and binary', { skip }, async () => {
  const run = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/GetOrder`, '-d', '{"id": "5000"}', '--json']);
  assert.equal(run.code, 64 + 5, run.stderr);
  // --json puts the status on stderr as one object; stdout keeps the messages only.
  assert.equal(run.stdout, '');
  const result = JSON.parse(run.stderr) as { code: number; codeName: string; message: string; trailers: Record<string, string[]> };
  assert.equal(result.codeName, 'NOT_FOUND');
  assert.equal(result.message, 'order 5000 does not exist');
  assert.deepEqual(result.trailers['order-id'], ['5000']);
  assert.deepEqual(result.trailers['reason-bin'], [Buffer.from([1, 2, 3]).toString('base64')]);

  const plain = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/GetOrder`, '-d', '{"id": "5000"}']);
  assert.equal(plain.code, 69);
  assert.match(plain.stderr, /^NOT_FOUND: order 5000 does not exist$/m);

  // A stream that fails after its first message: the message is printed, then the status.
  const stream = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/ListOrders`, '-d', '{"count": 101}', '--json']);
  assert.equal(stream.code, 64 + 11, stream.stderr);
  assert.deepEqual(
    lines(stream.stdout).map((order) => order.id),
    ['1'],
  );
  const status = JSON.parse(stream.stderr) as { codeName: string; message: string; trailers: Record<string, string[]> };
  assert.equal(status.codeName, 'OUT_OF_RANGE');
  assert.equal(status.message, 'at most 100 orders, asked for 101');
  assert.deepEqual(status.trailers.limit, ['100']);
});

test('the gzip-compressed answer of Export decodes', { skip }, async () => {
  const before = kestrel.stderr().length;
  const run = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/Export`, '-d', '{"rows": 500}']);
  assert.equal(run.code, 0, run.stderr);
  const [answer] = lines(run.stdout) as [{ csv: string; rows: number }];
  assert.equal(answer.rows, 500);
  const csv = Buffer.from(answer.csv, 'base64').toString('utf8').split('\n');
  assert.equal(csv[0], '1,SKU-1,open');
  assert.equal(csv[499], '500,SKU-3,open');
  // The server's own log says what it did: we offered gzip, and it answered with gzip.
  const log = kestrel.stderr().slice(before);
  assert.match(log, /request \/grpcipc\.dotnet\.v1\.Orders\/Export .*grpc-accept-encoding=\S*gzip/);
  assert.match(log, /response \/grpcipc\.dotnet\.v1\.Orders\/Export grpc-encoding=gzip/);
});

/** GetOrder over the TLS socket, trusting the test CA and pinning the certificate to `pin` (hex SHA-256). */
function getOrderOverTls(pin: string) {
  return runCli([
    'call',
    `unix:${sockets.tls}`,
    `${ORDERS}/GetOrder`,
    '-d',
    '{"id": "2"}',
    '--tls',
    '--ca',
    caFile,
    '--pin',
    `sha256:${pin}`,
  ]);
}

test('TLS over the Unix socket works with the test CA and with a matching pin', { skip }, async () => {
  const target = `unix:${sockets.tls}`;
  const before = kestrel.stderr().length;
  const withCa = await runCli(['call', target, `${ORDERS}/GetOrder`, '-d', '{"id": "2"}', '--tls', '--ca', caFile]);
  assert.equal(withCa.code, 0, withCa.stderr);
  assert.deepEqual(lines(withCa.stdout), [ORDER_2]);
  assert.match(kestrel.stderr().slice(before), /request \/grpcipc\.dotnet\.v1\.Orders\/GetOrder authority=localhost scheme=https /);
  const pinned = await getOrderOverTls(sha256);
  assert.equal(pinned.code, 0, pinned.stderr);
  const described = await runCli(['describe', target, '--tls', '--insecure', '--pin', `sha256:${sha256}`]);
  assert.equal(described.code, 0, described.stderr);
  assert.match(described.stdout, new RegExp(ORDERS.replace(/\./g, '\\.')));
});

test('a wrong pin is refused in the handshake: Kestrel sees no request', { skip }, async () => {
  const wrong = sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const before = requestsSoFar();
  const run = await getOrderOverTls(wrong);
  assert.equal(run.code, 64 + 14, run.stderr);
  assert.match(run.stderr, new RegExp(`expected sha256:${wrong}, got sha256:${sha256}`));
  assert.match(run.stderr, /No request was sent/);
  assert.equal(requestsSoFar(), before, 'no request reached Kestrel');
});

test('--expect-owner passes for the user running Kestrel and refuses another before connecting', { skip }, async () => {
  const me = os.userInfo().username;
  const ok = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/GetOrder`, '-d', '{"id": "2"}', '--expect-owner', me]);
  assert.equal(ok.code, 0, ok.stderr);
  const other = me === 'nobody' ? 'root' : 'nobody';
  const before = requestsSoFar();
  const refused = await runCli(['call', `unix:${sockets.plain}`, `${ORDERS}/GetOrder`, '-d', '{"id": "2"}', '--expect-owner', other]);
  assert.equal(refused.code, 64 + 7, refused.stderr);
  assert.match(refused.stderr, new RegExp(other));
  assert.equal(requestsSoFar(), before, 'no request reached Kestrel');
});
