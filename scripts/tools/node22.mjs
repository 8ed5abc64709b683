// Node 22 from the npm package `node`, which ships a real Node binary. code-server 4.104 needs it,
// and so do the tests that need libuv's exact-length abstract socket names.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { capture, log, run, secondsSince, toolsDir, withLock } from './common.mjs';

const NODE_SPEC = 'node@22';

/** Installs Node 22 into the tools folder if missing; returns `{ binDir, node, version }`. */
export async function ensureNode22() {
  const dir = path.join(toolsDir(), 'node22');
  const binDir = path.join(dir, 'node_modules', 'node', 'bin');
  const node = path.join(binDir, 'node');
  if (!existsSync(node)) {
    await withLock(dir, async () => {
      if (existsSync(node)) return;
      const start = Date.now();
      log(`installing ${NODE_SPEC} into ${dir} ...`);
      mkdirSync(dir, { recursive: true });
      // The package's preinstall fetches the platform binary package, so it must be allowed to run.
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'grpc-ipc-tools-node22', private: true, allowScripts: { node: true } }, null, 2));
      await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', NODE_SPEC], { cwd: dir, label: 'npm' });
      log(`${NODE_SPEC} installed in ${secondsSince(start)} s`);
    });
  }
  const version = (await capture(node, ['--version'])).trim();
  if (!version.startsWith('v22.')) throw new Error(`${node} reports ${version}, expected Node 22. Delete ${dir} and retry.`);
  return { binDir, node, version };
}
