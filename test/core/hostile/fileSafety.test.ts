// Issue 15, security items 7 and 8: removing a stale socket never removes its replacement, and Windows
// programs are never run by bare name.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeStaleSocket } from '../../../src/ipc/discovery/stale';
import { powershellCandidates } from '../../../src/ipc/pipes/inspect';
import { pwshProgram, systemProgram } from '../../../src/ipc/windowsPaths';
import { tempDir } from './fixture';
import { makeStaleSocket } from '../../helpers/servers';

test('a stale socket replaced during the check by one with the same inode (new change time) is not removed', async (t) => {
  const socketPath = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socketPath);
  await new Promise((resolve) => setTimeout(resolve, 50)); // past the file system clock's granularity
  const removing = removeStaleSocket(socketPath);
  // What inode reuse looks like from outside: the same device and inode, a new change time.
  fs.linkSync(socketPath, `${socketPath}.new`);
  fs.unlinkSync(socketPath);
  fs.renameSync(`${socketPath}.new`, socketPath);
  await assert.rejects(removing, /was replaced while it was being checked\. Nothing was removed\./);
  assert.ok(fs.lstatSync(socketPath).isSocket());
});

test('a stale socket left alone during the check is removed', async (t) => {
  const socketPath = path.join(tempDir(t), 'stale.sock');
  await makeStaleSocket(socketPath);
  await removeStaleSocket(socketPath);
  assert.equal(fs.existsSync(socketPath), false);
});

test('PowerShell candidates are absolute paths in the system folders, never a bare name', () => {
  const env = { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' };
  assert.deepEqual(powershellCandidates(env), [
    'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    'C:\\Program Files\\PowerShell\\7\\pwsh.exe',
  ]);
  for (const candidate of powershellCandidates({})) assert.match(candidate, /^[A-Z]:\\/);
});

test('a relative SystemRoot or ProgramFiles from the environment is not trusted', () => {
  assert.equal(systemProgram('taskkill.exe', { SystemRoot: '.\\evil' }), 'C:\\Windows\\System32\\taskkill.exe');
  assert.equal(pwshProgram({ ProgramFiles: 'evil' }), 'C:\\Program Files\\PowerShell\\7\\pwsh.exe');
});
