// Builds the optional native discovery helpers (native/) with node-gyp and puts them in dist/.
// Linux only. Without a compiler or Node's headers the build is skipped with a note: discovery then
// runs in plain JavaScript, with the same results, only slower on big folders.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { nodeHeadersDir } from './tools/nodeHeaders.mjs';

const root = path.resolve(import.meta.dirname, '..');
const sources = ['native/discovery.cc', 'native/binding.gyp'].map((file) => path.join(root, file));
const built = path.join(root, 'native/build/Release/grpc_ipc_native.node');
const shipped = path.join(root, 'dist/grpc_ipc_native.node');

function upToDate() {
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return sources.every((file) => statSync(file).mtimeMs <= builtAt);
}

function build() {
  const nodeGyp = createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  const nodeDir = nodeHeadersDir();
  const args = [nodeGyp, 'rebuild', '--directory', 'native', ...(nodeDir ? [`--nodedir=${nodeDir}`] : [])];
  const result = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (result.status === 0) return undefined;
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n');
  return (
    output
      .filter((line) => /error|not found/i.test(line))
      .slice(-3)
      .join('\n') || output.slice(-3).join('\n')
  );
}

if (process.platform === 'linux') {
  const failure = upToDate() ? undefined : build();
  if (failure) {
    console.warn(`native: not built, discovery will use its JavaScript path.\n${failure}`);
  } else {
    mkdirSync(path.dirname(shipped), { recursive: true });
    copyFileSync(built, shipped);
  }
}
