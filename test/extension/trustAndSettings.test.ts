// Workspace Trust in the extension's own code: in Restricted Mode nothing is launched, and the settings a
// workspace may not choose are read from user settings only.
import { recorded, resetStandIn } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readSettings } from '../../src/extension/settings';
import { allowLaunch } from '../../src/extension/trust';
import { RESTRICTED_SETTINGS } from '../../src/extension/settingKeys';

test('allowLaunch refuses in Restricted Mode, says why, and allows once trusted', async () => {
  resetStandIn({ trusted: false });
  assert.equal(await allowLaunch('the demo server'), false);
  assert.equal(recorded.errors.length, 1);
  assert.match(recorded.errors[0], /does not start the demo server in Restricted Mode/);
  resetStandIn({ trusted: true });
  assert.equal(await allowLaunch('the demo server'), true);
  assert.deepEqual(recorded.errors, []);
});

/** A workspace value for every restricted setting, each different from the user's. */
const userValues = {
  'grpcIpc.servers': [{ name: 'mine', command: '/usr/bin/mine', listen: 'unix:/run/mine.sock' }],
  'grpcIpc.targets': ['unix:/run/user.sock'],
  'grpcIpc.protoFiles': ['/home/me/api.proto'],
  'grpcIpc.importPaths': ['/home/me/protos'],
  'grpcIpc.discovery.directories': ['/home/me/sockets'],
  'grpcIpc.owner.policy': 'block',
  'grpcIpc.owner.expected': 'me',
  'grpcIpc.tls.pins': { 'unix:/run/user.sock': `sha256:${'ab'.repeat(32)}` },
};
const workspaceValues = {
  'grpcIpc.servers': [{ name: 'planted', command: './evil.sh', listen: 'unix:/tmp/evil.sock' }],
  'grpcIpc.targets': ['unix:/tmp/planted.sock'],
  'grpcIpc.protoFiles': ['./planted.proto'],
  'grpcIpc.importPaths': ['./planted'],
  'grpcIpc.discovery.directories': ['./planted-sockets'],
  'grpcIpc.owner.policy': 'off',
  'grpcIpc.owner.expected': 'mallory',
  'grpcIpc.tls.pins': { 'unix:/run/user.sock': `sha256:${'cd'.repeat(32)}` },
  'grpcIpc.call.deadlineMs': 1234, // not restricted: a workspace may set it
};

test('untrusted: every restricted setting comes from user settings, the others from the workspace', () => {
  assert.deepEqual(Object.keys(userValues).sort(), RESTRICTED_SETTINGS.map((key) => `grpcIpc.${key}`).sort());
  resetStandIn({ trusted: false, user: userValues, workspace: workspaceValues });
  const read = readSettings();
  assert.deepEqual(read.servers, userValues['grpcIpc.servers']);
  assert.deepEqual(read.targets, userValues['grpcIpc.targets']);
  assert.deepEqual(read.protoFiles, userValues['grpcIpc.protoFiles']);
  assert.deepEqual(read.importPaths, userValues['grpcIpc.importPaths']);
  assert.deepEqual(read.discoveryDirectories, userValues['grpcIpc.discovery.directories']);
  assert.equal(read.ownerPolicy, 'block');
  assert.equal(read.expectedOwner, 'me');
  assert.deepEqual(read.tlsPins, userValues['grpcIpc.tls.pins']);
  assert.equal(read.deadlineMs, 1234);
});

test('untrusted with no user value: restricted settings fall back to their defaults, not the workspace', () => {
  resetStandIn({ trusted: false, workspace: workspaceValues });
  const read = readSettings();
  assert.deepEqual([read.servers, read.targets, read.protoFiles, read.importPaths, read.discoveryDirectories], [[], [], [], [], []]);
  assert.equal(read.ownerPolicy, 'warn');
  assert.equal(read.expectedOwner, '');
  assert.deepEqual(read.tlsPins, {});
});

test('trusted: the workspace values apply', () => {
  resetStandIn({ trusted: true, user: userValues, workspace: workspaceValues });
  const read = readSettings();
  assert.deepEqual(read.targets, ['unix:/tmp/planted.sock']);
  assert.equal(read.ownerPolicy, 'off');
  assert.equal(read.expectedOwner, 'mallory');
});
