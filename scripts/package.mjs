// `npm run package`: the universal VSIX and, on Linux x64, the one with the native discovery helper
// (`vsce package --target linux-x64`), each checked against the file list in scripts/vsix.mjs.
// grpc-ipc.vsix is the package for this machine, the one `npm start` and the e2e tier install.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentProblems, ignoreFileFor, packagesFor, vsixFiles } from './vsix.mjs';

const root = path.resolve(import.meta.dirname, '..');
const outIndex = process.argv.indexOf('--out');
const outDir = outIndex > 0 ? path.resolve(process.argv[outIndex + 1]) : root;
const vsce = createRequire(import.meta.url).resolve('@vscode/vsce/vsce');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'grpc-ipc-package-'));

let failed = false;
try {
  for (const pkg of packagesFor()) {
    const out = path.join(outDir, pkg.file);
    const args = ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out];
    args.push('--ignoreFile', ignoreFileFor(pkg, scratch), ...(pkg.target ? ['--target', pkg.target] : []));
    const run = spawnSync(process.execPath, [vsce, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) {
      console.error(`package: vsce failed for the ${pkg.name} package`);
      failed = true;
      continue;
    }
    const files = await vsixFiles(out);
    const problems = contentProblems(files, pkg);
    for (const problem of problems) console.error(`package: ${pkg.file} (${pkg.name}) ${problem}`);
    if (problems.length > 0) failed = true;
    console.log(`${pkg.file}: ${pkg.name}, ${files.length} files, ${statSync(out).size} bytes`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
