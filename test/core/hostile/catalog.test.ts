// The hostile and careless inputs of issue 15, one named test each: the CLI against real servers and
// real files. Each case checks the exit code, the message and that no stack trace reaches the user.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from 'selfsigned';
import { startDemoServer, type DemoServer } from '../../../src/ipc/demo/server';
import { assertCleanFailure, ROOT, runCli, useCliBundle } from '../../helpers/cliRunner';

const cli = useCliBundle();
const ECHO = 'grpcipc.demo.v1.Demo/Echo';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cat-'));
const at = (name: string) => path.join(dir, name);
let plain: DemoServer;
let secure: DemoServer;
const servers: net.Server[] = [];
const accepted: net.Socket[] = [];
/** A TCP port another server holds, which fails to bind for root too. */
let busyPort = 0;

function listen(server: net.Server, name: string): Promise<void> {
  servers.push(server);
  server.on('connection', (socket) => {
    accepted.push(socket);
    socket.on('error', () => undefined); // clients hang up as they please
  });
  return new Promise((resolve) => server.listen(at(name), resolve));
}

before(async () => {
  plain = await startDemoServer({ listen: { kind: 'unix', path: at('plain.sock') } });
  secure = await startDemoServer({ listen: { kind: 'unix', path: at('tls.sock') }, tls: 'self-signed' });
  await listen(
    http.createServer((_req, res) => res.end('hello')),
    'http1.sock',
  );
  await listen(
    net.createServer((socket) => socket.end('garbage that is not HTTP/2\r\n\r\n')),
    'garbage.sock',
  );
  await listen(
    net.createServer(() => undefined),
    'silent.sock',
  ); // accepts and never answers
  const busy = net.createServer();
  servers.push(busy);
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as net.AddressInfo).port;
  // A stale socket: the file stays, nobody listens.
  const stale = net.createServer();
  await new Promise<void>((resolve) => stale.listen(at('stale.sock'), resolve));
  fs.linkSync(at('stale.sock'), at('stale.keep'));
  await new Promise((resolve) => stale.close(resolve));
  fs.renameSync(at('stale.keep'), at('stale.sock'));
  execFileSync('mkfifo', [at('fifo.sock')]);
  fs.mkdirSync(at('folder.sock'));
  fs.writeFileSync(at('file.sock'), 'data');
  fs.symlinkSync(at('loop-b.sock'), at('loop-a.sock'));
  fs.symlinkSync(at('loop-a.sock'), at('loop-b.sock'));
  fs.writeFileSync(at('not-a-cert.pem'), 'just text\n');
  const one = await generate([{ name: 'commonName', value: 'one' }], { keyType: 'ec', notAfterDate: new Date(Date.now() + 2 * 86400_000) });
  const two = await generate([{ name: 'commonName', value: 'two' }], { keyType: 'ec', notAfterDate: new Date(Date.now() + 2 * 86400_000) });
  fs.writeFileSync(at('client.pem'), one.cert);
  fs.writeFileSync(at('other.key'), two.private);
  fs.writeFileSync(at('bad.proto'), 'syntax = "proto3";\nmessage A { int32 x = 1 }\n');
  fs.writeFileSync(at('cycle-a.proto'), 'syntax = "proto3";\nimport "cycle-b.proto";\nmessage A {}\n');
  fs.writeFileSync(at('cycle-b.proto'), 'syntax = "proto3";\nimport "cycle-a.proto";\nmessage B {}\n');
  fs.writeFileSync(
    at('node.proto'),
    'syntax = "proto3";\npackage r;\nmessage Node { Node child = 1; }\nservice R { rpc Go(Node) returns (Node); }\n',
  );
  fs.writeFileSync(
    at('latin1.json'),
    Buffer.from([0x7b, 0x22, 0x6d, 0x65, 0x73, 0x73, 0x61, 0x67, 0x65, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d]),
  );
  fs.writeFileSync(at('big.json'), JSON.stringify({ message: 'x'.repeat(5 * 1024 * 1024) }));
});

after(async () => {
  // The silent server never ends its connections, so close() would wait forever: end them first.
  for (const socket of accepted) socket.destroy();
  try {
    await Promise.all([plain?.close(), secure?.close(), ...servers.map((s) => new Promise((resolve) => s.close(resolve)))]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

interface Case {
  name: string;
  args: () => string[];
  code: number;
  stderr: RegExp;
  stdin?: string;
  /** Run from the sources (serve-demo needs the shipped protos beside it, which the test bundle lacks). */
  source?: boolean;
}

const unix = (name: string) => `unix:${at(name)}`;
const deep = (levels: number) => '{"child":'.repeat(levels) + '{}' + '}'.repeat(levels);

const cases: Case[] = [
  // Targets
  { name: 'a missing socket', args: () => ['call', unix('missing.sock'), ECHO], code: 78, stderr: /does not exist/ },
  { name: 'a stale socket file', args: () => ['call', unix('stale.sock'), ECHO], code: 78, stderr: /nothing is listening \(stale\)/ },
  { name: 'a FIFO as the target', args: () => ['call', unix('fifo.sock'), ECHO], code: 78, stderr: /is not a socket \(a FIFO\)/ },
  {
    name: 'a directory as the target',
    args: () => ['call', unix('folder.sock'), ECHO],
    code: 78,
    stderr: /is not a socket \(a directory\)/,
  },
  {
    name: 'a regular file as the target',
    args: () => ['call', unix('file.sock'), ECHO],
    code: 78,
    stderr: /is not a socket \(a regular file\)/,
  },
  { name: 'a symlink loop as the target', args: () => ['call', unix('loop-a.sock'), ECHO], code: 78, stderr: /loop of symbolic links/ },
  { name: 'a socket path over 107 bytes', args: () => ['call', `unix:/tmp/${'p'.repeat(120)}.sock`, ECHO], code: 2, stderr: /at most 107/ },
  {
    name: 'an abstract name over 107 bytes',
    args: () => ['call', `unix-abstract:${'a'.repeat(120)}`, ECHO],
    code: 2,
    stderr: /abstract socket name is 120 bytes long/,
  },
  { name: 'an empty target', args: () => ['call', '', ECHO], code: 2, stderr: /target is (missing|empty)/ },
  { name: 'a target in no known form', args: () => ['call', 'nonsense', ECHO], code: 2, stderr: /not a target this tool understands/ },
  { name: 'a port out of range', args: () => ['call', 'localhost:70000', ECHO], code: 2, stderr: /out of range/ },
  { name: 'a named pipe on Linux', args: () => ['call', 'npipe:x', ECHO], code: 2, stderr: /Named pipes are a Windows transport/ },
  { name: 'unix:// with a relative path', args: () => ['call', 'unix://rel.sock', ECHO], code: 2, stderr: /needs an absolute path/ },
  { name: 'an HTTP/1 server', args: () => ['call', unix('http1.sock'), ECHO], code: 78, stderr: /does not speak gRPC/ },
  {
    name: 'a server that writes garbage',
    args: () => ['call', unix('garbage.sock'), ECHO],
    code: 78,
    stderr: /does not speak gRPC|closed the connection before the gRPC/,
  },
  {
    name: 'a silent server',
    args: () => ['call', unix('silent.sock'), ECHO, '--deadline', '300ms'],
    code: 68,
    stderr: /within the deadline of 300 ms/,
  },
  // TLS
  { name: 'plaintext to a TLS server', args: () => ['call', secure.target, ECHO], code: 78, stderr: /--tls/ },
  {
    name: 'TLS to a plaintext server',
    args: () => ['call', plain.target, ECHO, '--tls', '--insecure'],
    code: 78,
    stderr: /does not speak TLS there/,
  },
  {
    name: 'a self-signed server without --ca',
    args: () => ['call', secure.target, ECHO, '--tls'],
    code: 78,
    stderr: /did not verify: self-signed/,
  },
  {
    name: 'a pin that does not match',
    args: () => ['call', secure.target, ECHO, '--insecure', '--pin', `sha256:${'0'.repeat(64)}`],
    code: 78,
    stderr: /does not match the pin.*No request was sent/,
  },
  {
    name: 'a pin that is not SHA-256',
    args: () => ['call', secure.target, ECHO, '--pin', 'md5:abc'],
    code: 2,
    stderr: /is not a SHA-256 pin/,
  },
  {
    name: 'a --ca file that does not exist',
    args: () => ['call', secure.target, ECHO, '--ca', at('missing.pem')],
    code: 2,
    stderr: /Cannot read the CA file/,
  },
  {
    name: 'a --ca file that holds no certificate',
    args: () => ['call', secure.target, ECHO, '--ca', at('not-a-cert.pem')],
    code: 2,
    stderr: /holds no PEM certificate.*--ca/,
  },
  {
    name: 'a client key that does not match its certificate',
    args: () => ['call', secure.target, ECHO, '--insecure', '--cert', at('client.pem'), '--key', at('other.key')],
    code: 2,
    stderr: /does not belong to the certificate/,
  },
  {
    name: '--cert without --key',
    args: () => ['call', secure.target, ECHO, '--cert', at('client.pem')],
    code: 2,
    stderr: /needs both --cert and --key/,
  },
  // Request JSON
  { name: 'request JSON with a syntax error', args: () => ['call', plain.target, ECHO, '-d', '{"message": }'], code: 2, stderr: /line 1/ },
  {
    name: 'an unknown field, named by its path',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"nope":1}}'],
    code: 2,
    stderr: /\$\.sample\.nope/,
  },
  {
    name: 'a wrong type, named by its path',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"small":"x"}}'],
    code: 2,
    stderr: /\$\.sample\.small/,
  },
  {
    name: 'an int32 out of range',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"small":4294967296}}'],
    code: 2,
    stderr: /\$\.sample\.small/,
  },
  {
    name: 'an invalid enum name lists the values and the nearest',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"mood":"HAPPY"}}'],
    code: 2,
    stderr:
      /\$\.sample\.mood: "HAPPY" is not a name of grpcipc\.demo\.v1\.Mood; expected one of MOOD_UNSPECIFIED, .*did you mean "MOOD_HAPPY"/,
  },
  {
    name: 'a misspelt enum name suggests the nearest',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"mood":"MOOD_HAPY"}}'],
    code: 2,
    stderr: /did you mean "MOOD_HAPPY"/,
  },
  {
    name: 'an invalid Duration shows its format',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"ttl":"1.5"}}'],
    code: 2,
    stderr: /\$\.sample\.ttl: expected a Duration.*"1\.5s"/,
  },
  {
    name: 'an invalid Timestamp shows its format',
    args: () => ['call', plain.target, ECHO, '-d', '{"sample":{"createdAt":"yesterday"}}'],
    code: 2,
    stderr: /expected a Timestamp: an RFC 3339 string/,
  },
  {
    name: 'messages nested 1,500 levels deep',
    args: () => ['call', plain.target, 'r.R/Go', '--proto', at('node.proto'), '-d', deep(1500)],
    code: 2,
    stderr: /nest deeper than 100 levels/,
  },
  {
    name: 'a request file that is not UTF-8',
    args: () => ['call', plain.target, ECHO, '-d', `@${at('latin1.json')}`],
    code: 2,
    stderr: /is not valid UTF-8 \(the first bad byte is at offset 12\)/,
  },
  {
    name: 'standard input that is not UTF-8',
    args: () => ['call', plain.target, ECHO, '-d', '@-'],
    stdin: '{"message":"\udcff"}',
    code: 0,
    stderr: /OK/,
  },
  {
    name: 'a request file that does not exist',
    args: () => ['call', plain.target, ECHO, '-d', `@${at('missing.json')}`],
    code: 2,
    stderr: /Cannot read request file/,
  },
  {
    name: 'two messages for a unary method',
    args: () => ['call', plain.target, ECHO, '-d', '{}\n{}'],
    code: 2,
    stderr: /takes one request message; got 2/,
  },
  { name: 'an unknown method', args: () => ['call', plain.target, 'grpcipc.demo.v1.Demo/Nope'], code: 2, stderr: /Nope/ },
  { name: 'an unknown service', args: () => ['call', plain.target, 'no.Such/Thing'], code: 2, stderr: /no\.Such/ },
  {
    name: 'a response over the receive limit',
    args: () => ['call', plain.target, ECHO, '-d', '{"responseBytes":5242880}'],
    code: 72,
    stderr: /larger than the limit of 4194304 bytes.*--max-receive-bytes/,
  },
  {
    name: "a request over the server's receive limit",
    args: () => ['call', plain.target, ECHO, '-d', `@${at('big.json')}`],
    code: 72,
    stderr: /The server refused the request: .*server's receive limit of 4194304 bytes/,
  },
  {
    name: 'a .proto file with a syntax error names the file',
    args: () => ['call', plain.target, 'a.B/C', '--proto', at('bad.proto')],
    code: 2,
    stderr: /bad\.proto, line 2/,
  },
  {
    name: '.proto files that import each other in a cycle',
    args: () => ['call', plain.target, 'a.B/C', '--proto', at('cycle-a.proto')],
    code: 2,
    stderr: /import each other in a cycle: cycle-a\.proto → cycle-b\.proto → cycle-a\.proto/,
  },
  // Metadata
  {
    name: 'a grpc-timeout header',
    args: () => ['call', plain.target, ECHO, '-H', 'grpc-timeout: 1S'],
    code: 2,
    stderr: /"grpc-timeout" is reserved.*--deadline/,
  },
  {
    name: 'a content-type header',
    args: () => ['call', plain.target, ECHO, '-H', 'content-type: text/plain'],
    code: 2,
    stderr: /"content-type" is reserved/,
  },
  { name: 'a te header', args: () => ['call', plain.target, ECHO, '-H', 'te: gzip'], code: 2, stderr: /"te" is reserved/ },
  { name: 'a header without a colon', args: () => ['call', plain.target, ECHO, '-H', 'novalue'], code: 2, stderr: /is not "key: value"/ },
  {
    name: 'a -bin header that is not base64',
    args: () => ['call', plain.target, ECHO, '-H', 'x-data-bin: not base64!'],
    code: 2,
    stderr: /is not base64/,
  },
  { name: 'a header value with a newline', args: () => ['call', plain.target, ECHO, '-H', 'x-a: b\nc'], code: 2, stderr: /cannot be sent/ },
  // Flags
  { name: 'an unknown flag', args: () => ['call', plain.target, ECHO, '--nope'], code: 2, stderr: /Unknown option '--nope'/ },
  {
    name: 'a deadline that is not a duration',
    args: () => ['call', plain.target, ECHO, '--deadline', 'soon'],
    code: 2,
    stderr: /is not a duration/,
  },
  { name: 'a zero receive limit', args: () => ['call', plain.target, ECHO, '--max-receive-bytes', '0'], code: 2, stderr: /is not a size/ },
  {
    name: '--proto and --protoset together',
    args: () => ['call', plain.target, ECHO, '--proto', 'a.proto', '--protoset', 'b.pb'],
    code: 2,
    stderr: /either --proto or --protoset/,
  },
  { name: '-I without --proto', args: () => ['call', plain.target, ECHO, '-I', dir], code: 2, stderr: /-I only makes sense with --proto/ },
  { name: 'call without a method', args: () => ['call', plain.target], code: 2, stderr: /call needs TARGET and SERVICE\/METHOD/ },
  { name: 'an unknown command', args: () => ['frobnicate'], code: 2, stderr: /unknown command "frobnicate"/ },
  {
    name: '--expect-owner with an unknown user',
    args: () => ['call', plain.target, ECHO, '--expect-owner', 'no-such-user-xyz'],
    code: 2,
    stderr: /is not a user of this system/,
  },
  {
    name: '--expect-owner on a missing socket',
    args: () => ['call', unix('missing.sock'), ECHO, '--expect-owner', 'root'],
    code: 78,
    stderr: /does not exist/,
  },
  {
    name: '--expect-owner naming another user',
    args: () => ['call', plain.target, ECHO, '--expect-owner', String(process.getuid!() + 4242)],
    code: 71,
    stderr: /expected .*Nothing was sent/,
  },
  {
    name: 'discover --dir on a missing folder',
    args: () => ['discover', '--no-probe', '--dir', at('no-such-folder')],
    code: 0,
    stderr: /warning: .*no-such-folder/,
  },
  {
    name: 'serve-demo on a regular file',
    args: () => ['serve-demo', '--listen', unix('file.sock')],
    source: true,
    code: 1,
    stderr: /is a regular file, not a socket; it was left alone/,
  },
  // Only our message: grpc-js logs its own line about a failed bind, which must not reach stderr.
  {
    name: 'serve-demo on a TCP port already in use',
    args: () => ['serve-demo', '--listen', `127.0.0.1:${busyPort}`],
    source: true,
    code: 1,
    stderr: /^grpc-ipc: Another server is already listening on 127\.0\.0\.1:\d+\. Stop it, or choose another address with --listen\.\n$/,
  },
  {
    name: 'serve-demo on a path under a regular file',
    args: () => ['serve-demo', '--listen', `unix:${at('file.sock')}/d.sock`],
    source: true,
    code: 2,
    stderr:
      /^grpc-ipc: Cannot make a socket in \S+file\.sock: part of that path is a file, not a folder\. Choose a socket path in a folder you can write to with --listen\.\n$/,
  },
  {
    name: 'serve-demo on an abstract name over 107 bytes',
    args: () => ['serve-demo', '--listen', `unix-abstract:${'a'.repeat(120)}`],
    source: true,
    code: 2,
    stderr: /at most 107/,
  },
];

for (const hostile of cases) {
  test(hostile.name, async () => {
    const run = await runCli(hostile.source ? path.join(ROOT, 'src/cli/main.ts') : cli.path(), hostile.args(), { stdin: hostile.stdin });
    assert.equal(run.code, hostile.code, `exit code; stderr:\n${run.stderr}`);
    assert.match(run.stderr, hostile.stderr);
    if (hostile.code !== 0) assertCleanFailure(run);
  });
}
