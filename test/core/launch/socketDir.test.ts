import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { pickSocketPath, shortSocketDirs } from '../../../src/ipc/launch/socketDir';

test('skips a storage folder whose socket path would pass the limit', () => {
  const long = '/home/someone/.vscode-server/data/User/workspaceStorage/0123456789abcdef0123456789abcdef/grpc-ipc.grpc-ipc';
  assert.ok(Buffer.byteLength(path.join(long, 'demo.sock')) > 107);
  assert.equal(pickSocketPath([long, '/run/user/1000/grpc-ipc'], 'demo.sock', 'linux'), '/run/user/1000/grpc-ipc/demo.sock');
  assert.equal(pickSocketPath([undefined, '/short'], 'demo.sock', 'linux'), '/short/demo.sock');
  assert.equal(pickSocketPath([long], 'demo.sock', 'linux'), undefined);
  // A path of exactly 107 bytes fits on Linux, not on macOS.
  const exact = '/' + 'a'.repeat(107 - '//x.sock'.length);
  assert.equal(Buffer.byteLength(path.join(exact, 'x.sock')), 107);
  assert.ok(pickSocketPath([exact], 'x.sock', 'linux'));
  assert.equal(pickSocketPath([exact], 'x.sock', 'darwin'), undefined);
});

test('fallbacks prefer XDG_RUNTIME_DIR, then the temp dir', () => {
  assert.deepEqual(shortSocketDirs({ XDG_RUNTIME_DIR: '/run/user/5' })[0], '/run/user/5/grpc-ipc');
  const dirs = shortSocketDirs({});
  assert.equal(dirs.length, 1);
  assert.ok(dirs[0].startsWith(os.tmpdir()));
});
