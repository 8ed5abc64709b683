import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkPipeOwner, inspectPipe, PIPE_CLIENT_IMPERSONATION } from '../../../src/ipc/pipes';
import { parseProbeOutput, POWERSHELL_UNAVAILABLE, probeArguments } from '../../../src/ipc/pipes/probeScript';

const fixtures = path.join(__dirname, '../../fixtures/pipes');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

test('reads the server pid, process and owner from Windows PowerShell 5.1 output (BOM, CRLF)', () => {
  assert.deepEqual(parseProbeOutput(fixture('ps51-served-by-user.txt'), 'grpc-ipc-demo'), {
    serverPid: 4812,
    processName: 'GrpcIpcServer',
    owner: 'DESKTOP-7QK2M1L\\alice',
  });
});

test('reads PowerShell 7 output for a pipe owned by SYSTEM', () => {
  assert.deepEqual(parseProbeOutput(fixture('pwsh7-served-by-system.txt'), 'x'), {
    serverPid: 1276,
    processName: 'svchost',
    owner: 'NT AUTHORITY\\SYSTEM',
  });
});

test('a missing pipe is unknown, saying the pipe is not open', () => {
  const identity = parseProbeOutput(fixture('ps51-missing-pipe.txt'), 'grpc-ipc-missing');
  assert.equal(identity.serverPid, null);
  assert.equal(identity.owner, null);
  assert.match(
    identity.unknownReason ?? '',
    /^unknown: server process: no pipe by that name is open; owner: Cannot find path '\\\\\.\\pipe\\grpc-ipc-missing'/,
  );
});

test('a busy pipe keeps the owner it could read and says why the pid is unknown', () => {
  const identity = parseProbeOutput(fixture('ps51-busy-pipe.txt'), 'p');
  assert.equal(identity.owner, 'BUILTIN\\Administrators');
  assert.equal(identity.serverPid, null);
  assert.equal(identity.unknownReason, 'unknown: server process: every instance of the pipe is busy');
});

test('access denied and Constrained Language Mode are reported, not guessed around', () => {
  assert.equal(
    parseProbeOutput(fixture('ps51-access-denied.txt'), 'p').unknownReason,
    'unknown: server process: access to the pipe was denied; owner: Attempted to perform an unauthorized operation.',
  );
  const constrained = parseProbeOutput(fixture('ps51-constrained-language.txt'), 'p');
  assert.equal(constrained.owner, 'DESKTOP-7QK2M1L\\alice');
  assert.match(constrained.unknownReason ?? '', /Definition of new types is not supported in this language mode/);
});

test('text before the JSON line is skipped', () => {
  assert.deepEqual(parseProbeOutput(fixture('ps51-warning-before-json.txt'), 'p'), {
    serverPid: 9120,
    processName: 'dotnet',
    owner: 'CONTOSO\\build-agent',
  });
});

test('empty output (Wine’s stub powershell.exe) means PowerShell is unavailable', () => {
  assert.deepEqual(parseProbeOutput(fixture('wine-stub-empty.txt'), 'p'), {
    serverPid: null,
    owner: null,
    unknownReason: POWERSHELL_UNAVAILABLE,
  });
  assert.equal(POWERSHELL_UNAVAILABLE, 'unknown: PowerShell unavailable');
});

test('output that is not the probe’s JSON is unknown and quoted', () => {
  const identity = parseProbeOutput(fixture('not-json.txt'), 'p');
  assert.equal(identity.serverPid, null);
  assert.match(
    identity.unknownReason ?? '',
    /^unknown: PowerShell printed something other than the probe's JSON: The term 'ConvertTo-Json'/,
  );
});

test('the probe is passed as -EncodedCommand and opens the pipe anonymously', () => {
  const args = probeArguments();
  assert.deepEqual(args.slice(0, 4), ['-NoLogo', '-NoProfile', '-NonInteractive', '-EncodedCommand']);
  const script = Buffer.from(args[4], 'base64').toString('utf16le');
  assert.match(script, /\$env:GRPC_IPC_PIPE_NAME/, 'the pipe name travels in the environment, never in the script text');
  assert.match(script, /CreateFileW\(\$path, 0x80, 0, \[IntPtr\]::Zero, 3, 0x100000,/, 'SECURITY_SQOS_PRESENT with SECURITY_ANONYMOUS');
  assert.match(script, /GetNamedPipeServerProcessId/);
  assert.match(script, /Get-Acl -LiteralPath \$path/);
  assert.match(script, /ConvertTo-Json -Compress/);
});

test('off Windows, inspectPipe says pipes exist only there without starting anything', async () => {
  assert.deepEqual(await inspectPipe('p', { platform: 'linux' }), {
    serverPid: null,
    owner: null,
    unknownReason: 'unknown: named pipes exist only on Windows',
  });
});

test('no PowerShell executable to start gives "unknown: PowerShell unavailable"', async () => {
  const missing = path.join(os.tmpdir(), 'gi-no-such-dir', 'powershell.exe');
  assert.deepEqual(await inspectPipe('p', { platform: 'win32', executables: [missing, missing + '2'] }), {
    serverPid: null,
    owner: null,
    unknownReason: POWERSHELL_UNAVAILABLE,
  });
});

test('Node grants pipe servers Impersonation and cannot lower it', () => {
  assert.equal(PIPE_CLIENT_IMPERSONATION.level, 'Impersonation');
  assert.equal(PIPE_CLIENT_IMPERSONATION.restrictable, false);
  assert.match(PIPE_CLIENT_IMPERSONATION.reason, /owns the pipe/);
});

// Fake PowerShell executables are shell scripts, so these run where a shebang works.
const posix = process.platform !== 'win32';

function fakePowerShell(t: { after(fn: () => void): void }, body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'powershell');
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

test(
  'the probe runs as a child process with the pipe name in its environment',
  { skip: !posix && 'needs a POSIX shell for the stand-in' },
  async (t) => {
    const executable = fakePowerShell(
      t,
      'printf \'{"serverPid":77,"processName":null,"owner":"HOST\\\\\\\\%s","openError":null,"pidError":null,"ownerError":null}\\r\\n\' "$GRPC_IPC_PIPE_NAME"',
    );
    assert.deepEqual(await inspectPipe('svc-pipe', { platform: 'win32', executables: [executable] }), {
      serverPid: 77,
      processName: null,
      owner: 'HOST\\svc-pipe',
    });
  },
);

test('a probe that hangs is abandoned after the timeout', { skip: !posix && 'needs a POSIX shell for the stand-in' }, async (t) => {
  const executable = fakePowerShell(t, 'exec sleep 30');
  assert.deepEqual(await inspectPipe('p', { platform: 'win32', executables: [executable], timeoutMs: 300 }), {
    serverPid: null,
    owner: null,
    unknownReason: 'unknown: PowerShell did not answer within 300 ms',
  });
});

test('a probe that fails says how', { skip: !posix && 'needs a POSIX shell for the stand-in' }, async (t) => {
  const executable = fakePowerShell(t, 'echo "Add-Type : compilation failed" >&2; exit 1');
  assert.deepEqual(await inspectPipe('p', { platform: 'win32', executables: [executable] }), {
    serverPid: null,
    owner: null,
    unknownReason: 'unknown: PowerShell failed: exit code 1: Add-Type : compilation failed',
  });
});

test('the pipe owner check matches DOMAIN\\user or user, ignoring case, and fails closed', () => {
  const served = parseProbeOutput(fixture('ps51-served-by-user.txt'), 'demo');
  assert.deepEqual(checkPipeOwner(served, 'demo', 'alice'), { ok: true });
  assert.deepEqual(checkPipeOwner(served, 'demo', 'desktop-7qk2m1l\\Alice'), { ok: true });
  assert.deepEqual(checkPipeOwner(served, 'demo', 'OTHER\\alice'), {
    ok: false,
    message: '\\\\.\\pipe\\demo is owned by DESKTOP-7QK2M1L\\alice (served by pid 4812, GrpcIpcServer), expected OTHER\\alice.',
  });
  const admin = checkPipeOwner(parseProbeOutput(fixture('ps51-busy-pipe.txt'), 'demo'), 'demo', 'alice');
  assert.equal(admin.ok, false);
  assert.match(admin.ok ? '' : admin.message, /owned by BUILTIN\\Administrators, expected alice\. An elevated/);
  assert.deepEqual(checkPipeOwner(parseProbeOutput('', 'demo'), 'demo', 'alice'), {
    ok: false,
    message: 'The owner of \\\\.\\pipe\\demo cannot be checked: unknown: PowerShell unavailable.',
  });
});
