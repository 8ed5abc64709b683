import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultTransport, supportedTransports } from '../../src/ipc/platform';
import { assertReachable, parseTarget } from '../../src/ipc/endpoint';
import { defaultDemoTarget } from '../../src/cli/serveDemo';

test('Unix sockets are the default on Linux and macOS, named pipes on Windows', () => {
  assert.equal(defaultTransport('linux'), 'unix');
  assert.equal(defaultTransport('darwin'), 'unix');
  assert.equal(defaultTransport('win32'), 'pipe');
});

test('each platform lists the transports Node can reach there', () => {
  assert.deepEqual(supportedTransports('linux'), ['unix', 'abstract', 'tcp']);
  assert.deepEqual(supportedTransports('darwin'), ['unix', 'tcp']);
  assert.deepEqual(supportedTransports('win32'), ['pipe', 'tcp']);
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    assert.ok(supportedTransports(platform).includes(defaultTransport(platform)), `${platform}: the default must be supported`);
  }
});

test('npipe: and \\\\.\\pipe\\ targets fail fast off Windows, naming the transport to use instead', () => {
  for (const target of ['npipe:grpc-ipc-demo', '\\\\.\\pipe\\grpc-ipc-demo']) {
    for (const platform of ['linux', 'darwin'] as const) {
      assert.throws(
        () => assertReachable(parseTarget(target), platform),
        (error: Error & { code?: string; describe?: () => string }) =>
          error.code === 'pipe-not-supported' &&
          /Named pipes are a Windows transport/.test(error.message) &&
          /unix:/.test(error.describe?.() ?? ''),
        `${target} on ${platform}`,
      );
    }
    assertReachable(parseTarget(target), 'win32');
  }
});

test('Unix socket targets fail fast on Windows, where Node would open the path as a pipe', () => {
  assert.throws(
    () => assertReachable(parseTarget('unix:C:/run/app.sock', 'C:/'), 'win32'),
    (error: Error & { code?: string; describe?: () => string }) => error.code === 'bad-target' && /npipe:/.test(error.describe?.() ?? ''),
  );
});

test('serve-demo listens on a named pipe by default on Windows, on a socket file elsewhere', () => {
  assert.equal(defaultDemoTarget('win32'), 'npipe:grpc-ipc-demo');
  assert.equal(defaultDemoTarget('linux', { XDG_RUNTIME_DIR: '/run/user/1000' }), 'unix:/run/user/1000/grpc-ipc-demo.sock');
});
