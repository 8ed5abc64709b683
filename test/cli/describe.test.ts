// The describe command as a real child process against real servers in this process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, SHOP_PROTO, selfSignedCertificate, startShopServer, startSilentServer, tempDir } from '../helpers/servers';

const ROOT = path.resolve(__dirname, '../..');
const DIST_CLI = path.join(ROOT, 'dist/cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source (or the bundle), without a shell, and collects its output. */
function runCli(t: import('node:test').TestContext, args: string[], entry: 'source' | 'bundle' = 'source'): Promise<Run> {
  const argv = entry === 'bundle' ? [DIST_CLI, ...args] : ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args];
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null) child.kill();
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const SHOP_JSON = {
  name: 'shop.v1.Shop',
  methods: [
    {
      name: 'GetItem',
      requestType: 'shop.v1.GetItemRequest',
      responseType: 'shop.v1.Item',
      clientStreaming: false,
      serverStreaming: false,
    },
    {
      name: 'ListItems',
      requestType: 'shop.v1.ListItemsRequest',
      responseType: 'shop.v1.Item',
      clientStreaming: false,
      serverStreaming: true,
    },
    { name: 'Upload', requestType: 'shop.v1.Item', responseType: 'shop.v1.UploadSummary', clientStreaming: true, serverStreaming: false },
    { name: 'Chat', requestType: 'shop.v1.Item', responseType: 'shop.v1.Item', clientStreaming: true, serverStreaming: true },
    {
      name: 'Ping',
      requestType: 'google.protobuf.Empty',
      responseType: 'google.protobuf.Empty',
      clientStreaming: false,
      serverStreaming: false,
    },
  ],
};

test('describe --json over reflection v1, then v1alpha, prints exactly the documented shape', async (t) => {
  const dir = tempDir(t);
  await startShopServer(t, { listen: `unix:${dir}/v1.sock`, reflection: 'v1+v1alpha' });
  await startShopServer(t, { listen: `unix:${dir}/alpha.sock`, reflection: 'v1alpha' });
  const v1 = await runCli(t, ['describe', `unix:${dir}/v1.sock`, '--json']);
  assert.equal(v1.code, 0, v1.stderr);
  assert.deepEqual(JSON.parse(v1.stdout), { source: 'reflection-v1', services: [SHOP_JSON] });
  const alpha = await runCli(t, ['describe', `unix://${dir}/alpha.sock`, '--json']);
  assert.equal(alpha.code, 0, alpha.stderr);
  assert.deepEqual(JSON.parse(alpha.stdout), { source: 'reflection-v1alpha', services: [SHOP_JSON] });
});

test('describe with --proto and -I needs no server; text output shows call kinds', async (t) => {
  const json = await runCli(t, ['describe', 'unix:/nonexistent.sock', '--proto', SHOP_PROTO, '-I', FIXTURES, '--json']);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), { source: 'proto', services: [SHOP_JSON] });
  const text = await runCli(t, ['describe', 'unix:/nonexistent.sock', '--proto', SHOP_PROTO, '-I', FIXTURES]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^shop\.v1\.Shop$/m);
  assert.match(text.stdout, /^ {2}ListItems +server-streaming +shop\.v1\.ListItemsRequest → stream shop\.v1\.Item$/m);
  assert.match(text.stdout, /^ {2}Chat +bidi +stream shop\.v1\.Item → stream shop\.v1\.Item$/m);
});

test('describe failures exit 1 with a clear message; usage errors exit 2', async (t) => {
  const dir = tempDir(t);
  const missing = await runCli(t, ['describe', `unix:${dir}/none.sock`]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /does not exist/);
  assert.doesNotMatch(missing.stderr, /ECONNREFUSED|ENOENT/);

  await startShopServer(t, { listen: `unix:${dir}/bare.sock`, reflection: 'none' });
  const bare = await runCli(t, ['describe', `unix:${dir}/bare.sock`]);
  assert.equal(bare.code, 1);
  assert.match(bare.stderr, /does not offer server reflection.*--proto or --protoset/);

  await startSilentServer(t, `${dir}/silent.sock`);
  const silent = await runCli(t, ['describe', `unix:${dir}/silent.sock`, '--deadline', '300ms']);
  assert.equal(silent.code, 1);
  assert.match(silent.stderr, /within the deadline of 300 ms/);

  for (const args of [['describe'], ['describe', 'x:1', '--deadline', 'soon'], ['describe', 'x:1', '--nope'], ['describe', 'nonsense']]) {
    const usage = await runCli(t, args);
    assert.equal(usage.code, 2, `${args.join(' ')}: ${usage.stderr}`);
  }
});

test('describe over TLS on a Unix socket: a pin mismatch is refused and shows both fingerprints', async (t) => {
  const dir = tempDir(t);
  const pems = await selfSignedCertificate();
  const ca = path.join(dir, 'ca.pem');
  fs.writeFileSync(ca, pems.cert);
  const server = await startShopServer(t, { listen: `unix:${dir}/tls.sock`, reflection: 'v1+v1alpha', tls: pems });
  const actual = new X509Certificate(pems.cert).fingerprint256.replace(/:/g, '').toLowerCase();

  const ok = await runCli(t, ['describe', `unix:${dir}/tls.sock`, '--ca', ca, '--pin', `sha256:${actual}`, '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).services[0].name, 'shop.v1.Shop');
  const before = server.received.length;

  const insecure = await runCli(t, ['describe', `unix:${dir}/tls.sock`, '--insecure']);
  assert.equal(insecure.code, 0, insecure.stderr);
  assert.match(insecure.stdout, new RegExp(`sha256:${actual} \\(chain not verified: self-signed certificate`));
  const afterInsecure = server.received.length;

  const wrong = '0'.repeat(64);
  const refused = await runCli(t, ['describe', `unix:${dir}/tls.sock`, '--insecure', '--pin', `sha256:${wrong}`]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`expected sha256:${wrong}, got sha256:${actual}`));
  assert.ok(afterInsecure > before);
  assert.equal(server.received.length, afterInsecure, 'the server must not receive a request after a pin mismatch');
});

test('the bundled dist/cli.js finds its shipped protos', async (t) => {
  if (!fs.existsSync(DIST_CLI)) {
    t.skip('dist/cli.js is not built; npm test builds it first');
    return;
  }
  const dir = tempDir(t);
  await startShopServer(t, { listen: `unix:${dir}/s.sock`, reflection: 'v1+v1alpha' });
  const run = await runCli(t, ['describe', `unix:${dir}/s.sock`, '--json'], 'bundle');
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { source: 'reflection-v1', services: [SHOP_JSON] });
});
