// Discovery on Windows lists \\.\pipe\. Wine cannot list it (readdir fails with UNKNOWN: scandir), which
// is exactly the case where discovery must report "pipe listing unavailable" instead of throwing.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  describeRun,
  outputDir,
  randomPipeName,
  runWindowsNode,
  skipUnlessWindowsNode,
  startWindowsNode,
  windowsNode,
  windowsPath,
} from '../helpers/windows/windowsNode';

const cliPath = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const skip = skipUnlessWindowsNode() || (!fs.existsSync(cliPath) && 'dist/cli.js is missing; run `npm run build` first');

test(
  'discover reports an unlistable \\\\.\\pipe\\ as "pipe listing unavailable" and still succeeds',
  {
    skip: skip || (windowsNode().kind !== 'wine' && 'only Wine fails to list pipes'),
    timeout: 120_000,
  },
  async (t) => {
    const dir = outputDir(t);
    const run = await runWindowsNode([windowsPath(cliPath), 'discover', '--json', '--no-probe'], { dir, timeoutMs: 90_000 });
    assert.equal(run.code, 0, `discover should not fail because pipes cannot be listed: ${describeRun(run)}`);
    assert.match(run.stdout + run.stderr, /pipe listing unavailable/, `discover should say pipes could not be listed: ${describeRun(run)}`);
  },
);

test(
  'discover lists a pipe that is being served',
  {
    skip: skip || (windowsNode().kind === 'wine' && 'Wine cannot list \\\\.\\pipe\\; see the test above'),
    timeout: 120_000,
  },
  async (t) => {
    const dir = outputDir(t);
    const name = randomPipeName();
    const server = startWindowsNode([windowsPath(path.join(__dirname, 'fixtures', 'raw-echo.js')), 'server', name], {
      dir,
      timeoutMs: 110_000,
    });
    t.after(() => server.stop());
    await server.waitForOutput(/^listening /m, 30_000);
    const run = await runWindowsNode([windowsPath(cliPath), 'discover', '--json', '--no-probe'], { dir, timeoutMs: 90_000 });
    assert.equal(run.code, 0, `discover should succeed: ${describeRun(run)}`);
    assert.ok(run.stdout.includes(name), `discover should list \\\\.\\pipe\\${name}: ${describeRun(run)}`);
  },
);
