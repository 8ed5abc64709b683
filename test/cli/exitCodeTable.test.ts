// The CLI's one table of exit codes: main.ts and the call command answer a usage error alike, and
// reading the table does not load grpc-js (main.ts imports it before any subcommand runs).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { EXIT_FAILURE, EXIT_USAGE, exitForError, isUsageError } from '../../src/cli/exitCodes';
import { IpcError } from '../../src/ipc/errors';

test('usage errors are one set: what isUsageError says, exitForError answers with exit 2', () => {
  for (const code of [
    'usage',
    'bad-target',
    'path-too-long',
    'pipe-not-supported',
    'bad-request-json',
    'unknown-method',
    'schema',
  ] as const) {
    const error = new IpcError(code, 'wrong input');
    assert.equal(isUsageError(error), true, code);
    assert.equal(exitForError(error), EXIT_USAGE, code);
  }
  assert.equal(isUsageError(new IpcError('socket-missing', 'gone')), false);
  assert.equal(isUsageError(new Error('bug')), false);
  assert.equal(exitForError(new Error('bug')), EXIT_FAILURE);
  assert.equal(exitForError(new IpcError('socket-missing', 'gone')), 64 + 14);
});

test('the exit-code table loads without grpc-js', () => {
  const loaded = Object.keys(require.cache).filter((file) =>
    /node_modules[\\/]@grpc[\\/]grpc-js[\\/]build[\\/]src[\\/]index\.js$/.test(file),
  );
  assert.deepEqual(loaded, []);
});
