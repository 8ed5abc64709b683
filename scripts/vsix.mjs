// What each VSIX holds, in one place: scripts/package.mjs checks every package it makes against this,
// and test/extension/package.test.ts checks the packaging rules against it.
//   universal   (grpc-ipc-universal.vsix): the bundles, protos, media and docs; discovery runs in JavaScript.
//   linux-x64   (grpc-ipc.vsix on Linux x64): the same plus the native discovery helper, a Linux x64 binary.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import yauzl from 'yauzl';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { bundles, packagesReadingProtos } = require(path.join(root, 'esbuild.js'));

/** The one platform-specific file, and the VS Code target it is built for. */
export const NATIVE_FILE = 'dist/grpc_ipc_native.node';
export const NATIVE_TARGET = 'linux-x64';

/** The packages `npm run package` makes here: the universal one always, the native one on Linux x64. */
export function packagesFor(platform = process.platform, arch = process.arch) {
  const universal = { name: 'universal', file: 'grpc-ipc-universal.vsix', native: false };
  if (`${platform}-${arch}` !== NATIVE_TARGET) return [{ ...universal, file: 'grpc-ipc.vsix' }, universal];
  return [{ name: NATIVE_TARGET, file: 'grpc-ipc.vsix', native: true, target: NATIVE_TARGET }, universal];
}

function filesUnder(folder) {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

/** Every file a package must hold, as project paths, sorted. */
export function expectedFiles({ native }) {
  const shipped = Object.entries(bundles)
    .filter(([name]) => name !== 'discoveryLibrary')
    .map(([, options]) => options.outfile);
  const vendored = Object.entries(packagesReadingProtos).flatMap(([name, folder]) =>
    filesUnder(`node_modules/${name}/${folder}`)
      .filter((file) => file.endsWith('.proto'))
      .map((file) => `dist/vendor/${file.slice('node_modules/'.length)}`),
  );
  return [
    ...shipped,
    'dist/webview.css',
    'dist/codicons/codicon.css',
    'dist/codicons/codicon.ttf',
    ...vendored,
    ...(native ? [NATIVE_FILE] : []),
    ...filesUnder('protos'),
    ...filesUnder('media'),
    ...filesUnder('schemas'),
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
  ].sort();
}

/** The ignore file for a package: .vscodeignore as written (universal), plus the native helper for its target. */
export function ignoreFileFor(pkg, dir) {
  const base = path.join(root, '.vscodeignore');
  if (!pkg.native) return base;
  const file = path.join(dir, `.vscodeignore-${pkg.name}`);
  writeFileSync(file, `${readFileSync(base, 'utf8')}\n!${NATIVE_FILE}\n`);
  return file;
}

/** vsce renames the docs and adds its manifest; this maps a VSIX entry back to the project path. */
const RENAMED = { 'readme.md': 'README.md', 'changelog.md': 'CHANGELOG.md', 'LICENSE.txt': 'LICENSE' };
const GENERATED = new Set(['extension.vsixmanifest', '[Content_Types].xml']);

/** The project paths a VSIX holds, sorted (vsce's own manifest files left out). */
export async function vsixFiles(file) {
  const names = await new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = [];
      zip.on('entry', (entry) => {
        found.push(entry.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
  return names
    .filter((name) => !GENERATED.has(name))
    .map((name) => name.replace(/^extension\//, ''))
    .map((name) => RENAMED[name] ?? name)
    .sort();
}

/** What differs between a list of files and what a package must hold; empty when they match. */
export function contentProblems(actual, { native }) {
  const expected = expectedFiles({ native });
  const extra = actual.filter((file) => !expected.includes(file));
  const missing = expected.filter((file) => !actual.includes(file));
  return [...extra.map((file) => `must not hold ${file}`), ...missing.map((file) => `lacks ${file}`)];
}
