// `npm start` end to end, as on a fresh clone: installs the npm dependencies, packages, installs into a
// dev profile, starts the demo server and code-server, and stops everything again (--exit-when-ready).
// Runs in a copy of the checkout without node_modules, dist or .tools, with a temp state folder, so it
// never touches a developer's own .tools/dev-profile. The installed tools (code-server, Node 22) are shared.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/e2e/vsix';
import { toolsDir } from '../../scripts/tools.mjs';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The checkout as git sees it (tracked and untracked, not ignored), working-tree versions: a fresh clone of it. */
function copyCheckout(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  for (const file of files.split('\0').filter(Boolean)) {
    const from = path.join(repoRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    copyFileSync(from, path.join(to, file));
  }
}

test(
  'npm start on a fresh clone installs what it needs, serves the workbench and the demo server, and its shutdown ends both',
  { timeout: 600_000 },
  async (t) => {
    const state = mkdtempSync(path.join(os.tmpdir(), 'gi-start-'));
    t.after(() => rmSync(state, { recursive: true, force: true }));
    const clone = path.join(state, 'clone');
    copyCheckout(clone);
    const port = await freePort();
    // Sockets and folders code-server leaves in the temp and runtime folders go with the state folder.
    const [tmp, run] = ['tmp', 'run'].map((name) => path.join(state, name));
    for (const dir of [tmp, run]) mkdirSync(dir, { mode: 0o700 });
    const child = spawn('npm', ['start', '--', '--exit-when-ready'], {
      cwd: clone,
      env: { ...process.env, PORT: String(port), GRPC_IPC_STATE: state, GRPC_IPC_TOOLS: toolsDir(), TMPDIR: tmp, XDG_RUNTIME_DIR: run },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, `npm start --exit-when-ready failed:\n${output.slice(-3000)}`);
    assert.match(output, /node_modules is missing: installing the project's npm dependencies/);
    assert.match(output, /npm dependencies installed in \d+(\.\d)? s/);
    assert.match(output, new RegExp(`http://127\\.0\\.0\\.1:${port}/`));
    assert.match(output, /Demo server: unix:\S+demo\.sock \(listening\)/);
    assert.ok(
      existsSync(path.join(state, 'demo-workspace', '.vscode', 'grpc-ipc.json')),
      'the demo workspace has its launch configuration',
    );
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
  },
);
