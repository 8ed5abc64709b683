// The pipe-identity probe on Windows Node. Wine has no PowerShell (its powershell.exe is a stub that prints
// nothing), so there the honest answer is "unknown: PowerShell unavailable"; on Windows it is the real pid.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { bundleForWindows } from '../helpers/windows/bundle';
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

const underWine = windowsNode().kind === 'wine';

test(
  'inspectPipe on Windows Node reports the pipe server, or says PowerShell is unavailable',
  { skip: skipUnlessWindowsNode(), timeout: 120_000 },
  async (t) => {
    const dir = outputDir(t);
    const probe = windowsPath(bundleForWindows(path.join(__dirname, 'fixtures', 'inspect-pipe.ts'), dir));
    const name = randomPipeName();
    const server = startWindowsNode([windowsPath(path.join(__dirname, 'fixtures', 'raw-echo.js')), 'server', name], {
      dir,
      timeoutMs: 110_000,
    });
    t.after(() => server.stop());
    const listening = await server.waitForOutput(/^listening .* pid (\d+)/m, 30_000);

    const run = await runWindowsNode([probe, name], { dir, timeoutMs: 60_000 });
    assert.equal(run.code, 0, `the probe should exit cleanly: ${describeRun(run)}`);
    const identity = JSON.parse(run.stdout.trim());
    if (underWine) {
      assert.deepEqual(
        identity,
        { serverPid: null, owner: null, unknownReason: 'unknown: PowerShell unavailable' },
        `under Wine: ${describeRun(run)}`,
      );
    } else {
      assert.equal(identity.serverPid, Number(listening[1]), `the probe should name the server's pid: ${describeRun(run)}`);
      assert.ok(identity.owner, `the probe should name the pipe's owner: ${describeRun(run)}`);
    }
    t.diagnostic(`probe said ${run.stdout.trim()} in ${run.ms} ms`);
  },
);
