import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { substituteVariables, type VariableScope } from '../../../src/ipc/launch/variables';
import { IpcError } from '../../../src/ipc/errors';

const scope: VariableScope = {
  workspaceFolder: '/home/me/proj',
  workspaceFolders: { proj: '/home/me/proj', other: '/srv/other' },
  userHome: '/home/me',
  env: { APP_PORT: '7000' },
  pid: 4242,
};

test('substitutes the known variables', () => {
  assert.equal(substituteVariables('unix:${workspaceFolder}/.sockets/app.sock', scope), 'unix:/home/me/proj/.sockets/app.sock');
  assert.equal(substituteVariables('${workspaceFolder:other}/x', scope), '/srv/other/x');
  assert.equal(substituteVariables('${workspaceFolderBasename}-${pid}', scope), 'proj-4242');
  assert.equal(substituteVariables('${userHome}/.cache', scope), '/home/me/.cache');
  assert.equal(substituteVariables('localhost:${env:APP_PORT}', scope), 'localhost:7000');
  assert.equal(substituteVariables('[${env:MISSING}]', scope), '[]');
  assert.equal(substituteVariables('no variables here', scope), 'no variables here');
});

test('refuses unknown variables and a missing folder with a hint', () => {
  assert.throws(
    () => substituteVariables('${nope}', scope),
    (e: unknown) => e instanceof IpcError && /Unknown variable \$\{nope\}/.test(e.message) && /workspaceFolder/.test(e.hint ?? ''),
  );
  assert.throws(
    () => substituteVariables('${workspaceFolder}/a', { ...scope, workspaceFolder: undefined }),
    (e: unknown) => e instanceof IpcError && /no folder is open/.test(e.message),
  );
  assert.throws(
    () => substituteVariables('${workspaceFolder:ghost}', scope),
    (e: unknown) => e instanceof IpcError && /ghost/.test(e.message) && /proj, other/.test(e.hint ?? ''),
  );
});
