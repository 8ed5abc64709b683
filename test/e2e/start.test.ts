// `npm start` end to end: packages, installs into a dev profile, starts the demo server and code-server,
// and stops everything again (--exit-when-ready). Runs in a temp state folder so it never touches a
// developer's own .tools/dev-profile.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/e2e/vsix';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

test('npm start serves the workbench and the demo server, and its shutdown ends both', { timeout: 240_000 }, async (t) => {
  const state = mkdtempSync(path.join(os.tmpdir(), 'gi-start-'));
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const port = await freePort();
  // Sockets and folders code-server leaves in the temp and runtime folders go with the state folder.
  const [tmp, run] = ['tmp', 'run'].map((name) => path.join(state, name));
  for (const dir of [tmp, run]) mkdirSync(dir, { mode: 0o700 });
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs'), '--exit-when-ready'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), GRPC_IPC_STATE: state, TMPDIR: tmp, XDG_RUNTIME_DIR: run },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `npm start --exit-when-ready failed:\n${output.slice(-3000)}`);
  assert.match(output, new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
  assert.match(output, /Demo server: unix:\S+demo\.sock \(listening\)/);
  assert.ok(existsSync(path.join(state, 'demo-workspace', '.vscode', 'grpc-ipc.json')), 'the demo workspace has its launch configuration');
  assert.ok(!existsSync(path.join(state, 'demo-workspace', '.sockets', 'demo.sock')), 'the demo socket is gone after shutdown');
  // The demo workspace opens without the Workspace Trust prompt and without the offer to open the
  // repository found in its parent folders (the workspace lives inside this checkout).
  assert.match(output, /trusted for this session/);
  const workspaceSettings = JSON.parse(readFileSync(path.join(state, 'demo-workspace', '.vscode', 'settings.json'), 'utf8'));
  assert.equal(workspaceSettings['git.openRepositoryInParentFolders'], 'never');
  const codeServerLog = readFileSync(path.join(state, 'dev-profile', 'code-server.log'), 'utf8');
  assert.doesNotMatch(codeServerLog, /unknown option|unrecognized/i, 'code-server accepted its flags');
  // Nothing is left listening on the port.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
});
