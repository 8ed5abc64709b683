// `grpc-ipc call --env NAME`: variables from an environment file in the current folder, a secret from
// GRPC_IPC_SECRET_<NAME>, and an unresolved variable refused before anything is sent.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import { ENVIRONMENTS_DIR } from '../../src/ipc/variables/environment';

const root = path.resolve(__dirname, '../..');

function cli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', require.resolve('tsx'), path.join(root, 'src/cli/main.ts'), ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('cli: --env resolves the target, -d and -H; a missing variable stops the call', async (t) => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(folder, 'demo.sock') } });
  let calls = 0;
  const counted = await startDemoServer({
    listen: { kind: 'unix', path: path.join(folder, 'counted.sock') },
    log: (line) => void (line.startsWith('Echo') && calls++),
  });
  t.after(async () => {
    await server.close();
    await counted.close();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  fs.mkdirSync(path.join(folder, ENVIRONMENTS_DIR), { recursive: true });
  fs.writeFileSync(
    path.join(folder, ENVIRONMENTS_DIR, 'dev.json'),
    JSON.stringify({ variables: { sock: 'demo.sock', greeting: 'hi "there"' }, secrets: ['token'] }),
  );
  const args = [
    'call',
    'unix:${workspaceFolder}/{{sock}}',
    'grpcipc.demo.v1.Demo/Echo',
    '-d',
    '{"message":"{{greeting}}"}',
    '-H',
    'x-token: {{token}}',
  ];

  const ok = await cli([...args, '--env', 'dev'], folder, { GRPC_IPC_SECRET_TOKEN: 'sekrit' });
  assert.equal(ok.code, 0, ok.stderr);
  const response = JSON.parse(ok.stdout) as { message: string; metadata: Record<string, string> };
  assert.equal(response.message, 'hi "there"');
  assert.equal(response.metadata['x-token'], 'sekrit');

  const noSecret = await cli([...args, '--env', 'dev'], folder);
  assert.equal(noSecret.code, 2);
  assert.match(
    noSecret.stderr,
    /\{\{token\}\} in header "x-token" is a secret of environment "dev" with no value set\. Nothing was sent\./,
  );
  assert.match(noSecret.stderr, /GRPC_IPC_SECRET_<NAME>/);

  const noEnv = await cli(
    ['call', `unix:${path.join(folder, 'counted.sock')}`, 'grpcipc.demo.v1.Demo/Echo', '-d', '{"message":"{{greeting}}"}'],
    folder,
  );
  assert.equal(noEnv.code, 2);
  assert.match(
    noEnv.stderr,
    /\{\{greeting\}\} in the -d request has no value: no environment is chosen\. Nothing was sent\. Choose one with --env/,
  );
  assert.equal(calls, 0, 'nothing reached the server');

  const unknown = await cli([...args, '--env', 'prod'], folder);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /There is no environment "prod".*Environments here: dev\./);
});
