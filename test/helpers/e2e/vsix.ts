// Builds the VSIX that the end-to-end tests install, once per test process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
const defaultVsix = path.join(repoRoot, 'grpc-ipc.vsix');
let packaging: Promise<string> | undefined;

/**
 * Returns the path of a packaged VSIX. `$GRPC_IPC_VSIX` names one built already (the test runner
 * packages once for all e2e files); otherwise this runs `npm run package`.
 */
export function ensureVsix(): Promise<string> {
  const given = process.env.GRPC_IPC_VSIX;
  if (given) {
    if (!existsSync(given)) return Promise.reject(new Error(`GRPC_IPC_VSIX names ${given}, which does not exist.`));
    return Promise.resolve(given);
  }
  packaging ??= packageVsix();
  return packaging;
}

function packageVsix(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && existsSync(defaultVsix)) resolve(defaultVsix);
      else reject(new Error(`npm run package failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}
