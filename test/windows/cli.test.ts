// The built CLI on Windows Node over a named pipe: serve-demo on npipe:, then describe and every call kind
// against it, TLS with a pin, a missing pipe, and a .proto given by a Windows path.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  describeRun,
  randomPipeName,
  runWindowsNode,
  skipUnlessWindowsNode,
  startWindowsNode,
  windowsNode,
  windowsPath,
  type Finished,
  type Running,
} from '../helpers/windows/windowsNode';

const root = path.resolve(__dirname, '../..');
const cliPath = path.join(root, 'dist', 'cli.js');
const skip = skipUnlessWindowsNode() || (!fs.existsSync(cliPath) && 'dist/cli.js is missing; run `npm run build` first');
const underWine = windowsNode().kind === 'wine';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-wcli-'));
const servers: Running[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `grpc-ipc <args>` on Windows Node. */
function cli(args: string[], timeoutMs = 60_000): Promise<Finished> {
  return runWindowsNode([windowsPath(cliPath), ...args], { dir, timeoutMs });
}

/** Whitespace-free output, so assertions do not depend on how the CLI indents JSON. */
const compact = (text: string) => text.replace(/\s+/g, '');

interface Demo {
  target: string;
  server: Running;
  sha256?: string;
}

/** Starts `serve-demo` once per flavour, for all the tests that need it. */
const demos = new Map<string, Promise<Demo>>();
function demo(tls: boolean): Promise<Demo> {
  const key = tls ? 'tls' : 'plain';
  if (!demos.has(key)) {
    demos.set(
      key,
      (async () => {
        const target = `npipe:${randomPipeName()}`;
        const server = startWindowsNode([windowsPath(cliPath), 'serve-demo', '--listen', target, ...(tls ? ['--tls'] : [])], {
          dir,
          timeoutMs: 280_000,
        });
        servers.push(server);
        const listening = await server.waitForOutput(tls ? /^listening (\S+)\r?\nsha256 ([0-9a-f]{64})/m : /^listening (\S+)/m, 60_000);
        assert.equal(listening[1], target, 'serve-demo should print the pipe it listens on');
        return { target, server, sha256: tls ? listening[2] : undefined };
      })(),
    );
  }
  return demos.get(key)!;
}

/** A request file, given to the CLI by its Windows path (multi-line text does not belong on a command line). */
function requestFile(name: string, lines: unknown[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  return `@${windowsPath(file)}`;
}

const method = (name: string) => `grpcipc.demo.v1.Demo/${name}`;
const options = () => ({ skip, timeout: 180_000 });

test('serve-demo listens on npipe:grpc-ipc-<random>', options(), async () => {
  const { target, server } = await demo(false);
  assert.match(target, /^npipe:grpc-ipc-[0-9a-f]{12}$/);
  assert.equal(server.stdout().trim().split(/\r?\n/).length, 1, `stdout should hold only the listening line: ${server.stdout()}`);
});

test('describe finds the demo service over the pipe by reflection', options(), async () => {
  const { target } = await demo(false);
  const run = await cli(['describe', target]);
  assert.equal(run.code, 0, `describe should succeed: ${describeRun(run)}`);
  for (const name of ['grpcipc.demo.v1.Demo', 'Echo', 'Countdown', 'Collect', 'Chat'])
    assert.ok(run.stdout.includes(name), `describe should list ${name}: ${describeRun(run)}`);
});

test('a unary Echo call over the pipe', options(), async (t) => {
  const { target } = await demo(false);
  const run = await cli(['call', target, method('Echo'), '-d', '{"message":"hello over a pipe"}']);
  assert.equal(run.code, 0, `the call should succeed: ${describeRun(run)}`);
  assert.ok(compact(run.stdout).includes('"message":"hellooverapipe"'), `the reply should echo the message: ${describeRun(run)}`);
  t.diagnostic(`grpc-ipc call under Wine took ${run.ms} ms, process start included`);
});

test('a server-streaming Countdown over the pipe', options(), async () => {
  const { target } = await demo(false);
  const run = await cli(['call', target, method('Countdown'), '-d', requestFile('countdown.json', [{ count: 3, interval: '0s' }])]);
  assert.equal(run.code, 0, `the call should succeed: ${describeRun(run)}`);
  assert.equal(compact(run.stdout).match(/"index":\d/g)?.length, 3, `three messages should arrive: ${describeRun(run)}`);
});

test('a client-streaming Collect over the pipe', options(), async () => {
  const { target } = await demo(false);
  const run = await cli([
    'call',
    target,
    method('Collect'),
    '-d',
    requestFile('collect.ndjson', [
      { word: 'pipe', number: 1 },
      { word: 'wine', number: 2 },
    ]),
  ]);
  assert.equal(run.code, 0, `the call should succeed: ${describeRun(run)}`);
  const out = compact(run.stdout);
  assert.ok(out.includes('"count":2') && out.includes('"sum":"3"'), `the server should count both messages: ${describeRun(run)}`);
});

test('a bidi Chat over the pipe', options(), async () => {
  const { target } = await demo(false);
  const run = await cli(['call', target, method('Chat'), '-d', requestFile('chat.ndjson', [{ text: 'ping' }, { text: 'pong' }])]);
  assert.equal(run.code, 0, `the call should succeed: ${describeRun(run)}`);
  for (const line of ['You said: ping', 'You said: pong', 'Goodbye after 2 message(s).'])
    assert.ok(run.stdout.includes(line), `the chat should contain "${line}": ${describeRun(run)}`);
});

test('TLS over the pipe with a pin that matches', options(), async () => {
  const { target, sha256 } = await demo(true);
  const run = await cli(['call', target, method('Echo'), '-d', '{"message":"pinned"}', '--tls', '--insecure', '--pin', `sha256:${sha256}`]);
  assert.equal(run.code, 0, `the pinned call should succeed: ${describeRun(run)}`);
  assert.ok(compact(run.stdout).includes('"message":"pinned"'), `the reply should come back over TLS: ${describeRun(run)}`);
});

/** Echo calls the demo server logged so far: one `HH:MM:SS.mmm Echo` line each (" from <peer>" only where the peer is known). */
const echoesLogged = (server: Running) => server.stderr().match(/^(?:[\d:.]+ )?Echo\b/gm)?.length ?? 0;

test('TLS over the pipe with a pin that does not match is refused before sending', options(), async () => {
  const { target, server, sha256 } = await demo(true);
  const tls = ['--tls', '--insecure'];
  const echoesBefore = echoesLogged(server);
  const run = await cli([
    'call',
    target,
    method('Echo'),
    '-d',
    '{"message":"must not arrive"}',
    ...tls,
    '--pin',
    `sha256:${'0'.repeat(64)}`,
  ]);
  assert.equal(run.code, 64 + 14, `a pin mismatch must exit 78 (UNAVAILABLE): ${describeRun(run)}`);
  assert.match(run.stderr, /does not match the pin/, `the error should name the pin: ${describeRun(run)}`);
  assert.equal(echoesLogged(server), echoesBefore, 'the server must not have received the request');
  // The same call with the right pin is logged, so the count above would have seen a request.
  const pinned = await cli(['call', target, method('Echo'), '-d', '{"message":"counted"}', ...tls, '--pin', `sha256:${sha256}`]);
  assert.equal(pinned.code, 0, `the pinned call should succeed: ${describeRun(pinned)}`);
  assert.equal(echoesLogged(server), echoesBefore + 1, `the server should log the pinned call: ${server.stderr()}`);
});

test('a missing pipe gives a clear error fast', options(), async () => {
  const name = randomPipeName('grpc-ipc-missing');
  const run = await cli(['call', `npipe:${name}`, method('Echo'), '-d', '{}', '--deadline', '30s']);
  assert.notEqual(run.code, 0, `calling a missing pipe must fail: ${describeRun(run)}`);
  assert.ok(
    run.stderr.includes(name) && /does not exist/.test(run.stderr),
    `the error should say the pipe does not exist: ${describeRun(run)}`,
  );
  assert.ok(run.ms < 25_000, `the error should come at once, not at the 30 s deadline: ${describeRun(run)}`);
});

test('describe reads a .proto by its Windows path, resolving its import through -I', options(), async () => {
  const protos = path.join(__dirname, 'fixtures', 'protos');
  const proto = windowsPath(path.join(protos, 'pipes', 'v1', 'greeter.proto'));
  if (underWine) assert.match(proto, /^Z:\\/, 'under Wine the proto path is a Z:\\ path');
  const run = await cli(['describe', 'npipe:grpc-ipc-unused', '--proto', proto, '-I', windowsPath(protos), '--json']);
  assert.equal(run.code, 0, `describe --proto should succeed: ${describeRun(run)}`);
  const described = JSON.parse(run.stdout);
  assert.equal(described.source, 'proto');
  assert.deepEqual(
    described.services.map((service: { name: string; methods: { name: string; requestType: string }[] }) => [
      service.name,
      service.methods.map((m) => `${m.name}(${m.requestType})`),
    ]),
    [['grpcipc.pipes.v1.Greeter', ['Greet(grpcipc.pipes.v1.Greeting)', 'Watch(grpcipc.pipes.v1.Greeting)']]],
  );
});

test('describe on a missing pipe gives a clear error fast', options(), async (t) => {
  const name = randomPipeName('grpc-ipc-missing');
  const run = await cli(['describe', `npipe:${name}`, '--deadline', '30s']);
  assert.notEqual(run.code, 0, `describing a missing pipe must fail: ${describeRun(run)}`);
  const pipe = `\\\\.\\pipe\\${name}`;
  assert.ok(
    run.stderr.includes(pipe) && /does not exist/.test(run.stderr),
    `the error should say ${pipe} does not exist: ${describeRun(run)}`,
  );
  assert.ok(run.ms < 25_000, `the error should come at once, not at the 30 s deadline: ${describeRun(run)}`);
  t.diagnostic(`${run.ms} ms: ${run.stderr.trim()}`);
});

test('a call with a .proto given by its Windows path and an import path', options(), async () => {
  const { target } = await demo(false);
  const protos = path.join(dir, 'protos');
  fs.cpSync(path.join(root, 'protos', 'demo'), path.join(protos, 'demo'), { recursive: true });
  const schema = ['--proto', windowsPath(path.join(protos, 'demo', 'v1', 'demo.proto')), '-I', windowsPath(protos)];
  if (underWine) assert.match(schema[1], /^Z:\\/, 'under Wine the proto path is a Z:\\ path');
  const run = await cli(['call', target, method('Echo'), ...schema, '-d', '{"message":"from a proto file"}']);
  assert.equal(run.code, 0, `the call with a .proto schema should succeed: ${describeRun(run)}`);
  assert.ok(
    compact(run.stdout).includes('"message":"fromaprotofile"'),
    `the reply should decode with the file schema: ${describeRun(run)}`,
  );
});

test('call --expect-owner on a pipe is refused before sending when the owner cannot be confirmed', options(), async (t) => {
  const name = randomPipeName();
  const server = startWindowsNode([windowsPath(path.join(__dirname, 'fixtures', 'raw-echo.js')), 'server', name], {
    dir,
    timeoutMs: 170_000,
  });
  servers.push(server);
  await server.waitForOutput(/^listening /m, 60_000);
  const run = await cli(['call', `npipe:${name}`, method('Echo'), '-d', '{}', '--expect-owner', 'nobody-in-particular']);
  assert.equal(run.code, 71, `an unconfirmed owner must end with exit 71 (PERMISSION_DENIED): ${describeRun(run)}`);
  const why = underWine
    ? /cannot be checked: unknown: PowerShell unavailable\. Nothing was sent\./
    : /is owned by .*, expected nobody-in-particular\..* Nothing was sent\./;
  assert.match(run.stderr, why, `the refusal should say why: ${describeRun(run)}`);
  t.diagnostic(run.stderr.trim());
});

test('serve-demo without --listen serves npipe:grpc-ipc-demo on Windows', options(), async () => {
  const server = startWindowsNode([windowsPath(cliPath), 'serve-demo'], { dir, timeoutMs: 170_000 });
  servers.push(server);
  const listening = await server.waitForOutput(/^listening (\S+)/m, 60_000);
  assert.equal(listening[1], 'npipe:grpc-ipc-demo', 'the default should be the named pipe');
  const run = await cli(['call', 'npipe:grpc-ipc-demo', method('Echo'), '-d', '{"message":"default pipe"}']);
  assert.equal(run.code, 0, `a call on the default pipe should succeed: ${describeRun(run)}`);
  await server.stop();
});

test('the \\\\.\\pipe\\NAME form of a target reaches the same server', options(), async () => {
  const { target } = await demo(false);
  const pipe = `\\\\.\\pipe\\${target.slice('npipe:'.length)}`;
  const run = await cli(['call', pipe, method('Echo'), '-d', '{"message":"by full path"}']);
  assert.equal(run.code, 0, `a call on ${pipe} should succeed: ${describeRun(run)}`);
  assert.ok(compact(run.stdout).includes('"message":"byfullpath"'), `the reply should come back: ${describeRun(run)}`);
});
