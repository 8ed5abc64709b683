// Attach to Address reads what the panel's Socket path field reads: a bare absolute path is a socket file.
import '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatTarget, parseTarget } from '../../src/ipc/endpoint';
import { attachTarget } from '../../src/extension/commands/attach';

test('a bare absolute socket path attaches as a Unix socket; other forms are read as before', () => {
  assert.equal(formatTarget(parseTarget(attachTarget(' /run/user/1000/demo.sock '))), 'unix:/run/user/1000/demo.sock');
  assert.equal(attachTarget('unix:/a.sock'), 'unix:/a.sock');
  assert.equal(attachTarget('localhost:50051'), 'localhost:50051');
  assert.equal(parseTarget(attachTarget('//./pipe/demo')).kind, 'pipe');
});
