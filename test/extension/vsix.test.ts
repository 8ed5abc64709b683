// What each VSIX holds. The packaging rules (.vscodeignore, and the native helper only in the linux-x64
// package) are checked against the current build with vsce's own file listing; `npm run package`
// reads every package it makes and checks it against the same list (scripts/vsix.mjs).
import { test, type TestContext } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { contentProblems, expectedFiles, ignoreFileFor, NATIVE_FILE, packagesFor } from '../../scripts/vsix.mjs';

const root = path.resolve(__dirname, '../..');
const built = fs.existsSync(path.join(root, 'dist/extension.js'));
const nativeBuilt = fs.existsSync(path.join(root, NATIVE_FILE));

async function packagedFiles(native: boolean): Promise<string[]> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-vsix-'));
  try {
    const pkg = packagesFor('linux', 'x64').find((candidate) => candidate.native === native)!;
    const files = await listFiles({ cwd: root, packageManager: PackageManager.None, ignoreFile: ignoreFileFor(pkg, scratch) });
    return files.map((file) => file.split(path.sep).join('/')).sort();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

test('on Linux x64 grpc-ipc.vsix is the linux-x64 package; elsewhere it is the universal one', () => {
  const linux = packagesFor('linux', 'x64');
  assert.deepEqual(
    linux.map((pkg) => [pkg.file, pkg.name, pkg.native, pkg.target]),
    [
      ['grpc-ipc.vsix', 'linux-x64', true, 'linux-x64'],
      ['grpc-ipc-universal.vsix', 'universal', false, undefined],
    ],
  );
  for (const [platform, arch] of [
    ['darwin', 'arm64'],
    ['win32', 'x64'],
    ['linux', 'arm64'],
  ])
    assert.ok(
      packagesFor(platform, arch).every((pkg) => !pkg.native && !pkg.target),
      `${platform}-${arch} gets no native helper`,
    );
});

// vsce's listing is slow (seconds), so both are taken once, with stray test and bench output planted in dist/.
let listed: Promise<{ universal: string[]; native: string[] }> | undefined;
function listBoth(t: TestContext) {
  const stray = fs.mkdtempSync(path.join(root, 'dist', 'stray-'));
  fs.writeFileSync(path.join(stray, 'extension.js'), '');
  const strayBench = path.join(root, 'dist', 'stray-bench.js');
  fs.writeFileSync(strayBench, '');
  listed ??= Promise.all([packagedFiles(false), packagedFiles(true)])
    .then(([universal, native]) => ({ universal, native }))
    .finally(() => {
      fs.rmSync(stray, { recursive: true, force: true });
      fs.rmSync(strayBench, { force: true });
    });
  t.after(() => fs.rmSync(stray, { recursive: true, force: true }));
  return listed;
}

test(
  'the universal package holds exactly the bundles, protos, media and docs',
  { skip: !built && 'dist/ is not built; run `npm run build`' },
  async (t) => {
    const files = (await listBoth(t)).universal;
    assert.deepEqual(contentProblems(files, { native: false }), []);
    assert.ok(!files.some((file) => file.endsWith('.node')), 'no native binary in a platform-neutral package');
    assert.ok(!files.includes('dist/discovery.js'), 'the benchmarks’ library does not ship');
    assert.ok(!files.some((file) => file.includes('/sample/')), '@grpc/reflection’s sample protos do not ship');
    assert.ok(!files.some((file) => file.endsWith('.map') || file.includes('stray')), 'source maps and stray output do not ship');
  },
);

test(
  'the linux-x64 package holds the same plus the native helper',
  { skip: (!built || !nativeBuilt) && 'the native helper is not built here' },
  async (t) => {
    const files = (await listBoth(t)).native;
    assert.deepEqual(contentProblems(files, { native: true }), []);
    assert.deepEqual(
      files.filter((file) => !expectedFiles({ native: false }).includes(file)),
      [NATIVE_FILE],
    );
  },
);
