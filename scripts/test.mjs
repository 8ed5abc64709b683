// Runs the test tiers and ends with one "N passed, N failed" line over all of them.
// Tiers: unit (system Node), unit again on Node 22 (abstract sockets), dotnet (Kestrel and a .NET client),
// e2e (code-server), windows (Wine).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DOTNET_ENV, dotnetBuildArgs, ensureCodeServer, ensureNode22, findChromium, findDotnet } from './tools.mjs';
import { ensureDependencies } from './tools/dependencies.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const only = ['--unit', '--dotnet', '--e2e', '--windows'].filter((flag) => args.has(flag));
const wants = (flag) => only.length === 0 || only.includes(flag);

const totals = { passed: 0, failed: 0, skipped: 0, todo: 0 };

function listTests(dir) {
  const out = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listTests(full));
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
  return out.sort();
}

/** Runs a command, echoing its output, and adds the node:test summary it prints to the totals. */
function run(label, command, commandArgs, env = {}) {
  console.log(`\n=== ${label} ===`);
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      text += chunk;
    });
    child.on('close', (code) => {
      const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
      totals.passed += count('pass');
      totals.failed += count('fail') + (code !== 0 && count('fail') === 0 ? 1 : 0);
      totals.skipped += count('skipped');
      totals.todo += count('todo');
      resolve(code);
    });
  });
}

function nodeTest(files, extra = [], concurrency = 2) {
  return ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-concurrency=${concurrency}`, ...extra, ...files];
}

/**
 * The extension in real VS Code: packages the VSIX once, makes sure code-server is installed, then
 * runs test/e2e one file at a time (each starts its own code-server; two cores cannot take more).
 * Without Chromium it fails in CI and skips with a visible reason elsewhere.
 */
async function e2eTier(step) {
  console.log('\n=== e2e (code-server + Chromium) ===');
  const chromium = findChromium();
  if (!chromium) {
    const reason = 'no Chromium found (Debian: apt-get install chromium, or set GRPC_IPC_CHROMIUM)';
    if (process.env.CI === 'true') {
      console.log(`e2e FAILED: ${reason}; CI must run this tier.`);
      totals.failed++;
    } else {
      console.log(`e2e SKIPPED: ${reason}.`);
      totals.skipped++;
    }
    return;
  }
  const started = Date.now();
  try {
    await ensureCodeServer();
  } catch (error) {
    console.log(`e2e FAILED: could not install code-server: ${error instanceof Error ? error.message : error}`);
    totals.failed++;
    return;
  }
  if ((await step('package the VSIX', 'npm', ['run', '--silent', 'package'])) !== 0) return;
  const files = listTests(path.join(root, 'test/e2e'));
  await step('e2e tests', process.execPath, nodeTest(files, [], 1), { GRPC_IPC_VSIX: path.join(root, 'grpc-ipc.vsix') });
  console.log(`e2e tier took ${((Date.now() - started) / 1000).toFixed(0)} s (screenshots in test/e2e/screenshots/)`);
}

/**
 * Node 20 cannot reach exact-length abstract socket names (those tests skip with that reason), so the
 * tests that touch abstract sockets run again on Node 22, the runtime VS Code ≥ 1.101 ships. Discovery's
 * tests run there too, without the native helpers, so its JavaScript path is proven whole.
 */
const NODE22_FILES = [
  'test/core/call.test.ts',
  'test/core/connection.test.ts',
  'test/core/demoTransports.test.ts',
  'test/core/endpoint.test.ts',
  'test/core/owner.test.ts',
  'test/core/platform.test.ts',
  'test/core/grpcurl.test.ts',
  'test/core/discovery/collect.test.ts',
  'test/core/discovery/discover.test.ts',
  'test/core/discovery/listeners.test.ts',
  'test/core/discovery/lsof.test.ts',
  'test/core/discovery/pipes.test.ts',
  'test/core/discovery/probe.test.ts',
  'test/core/discovery/newlineNames.test.ts',
  'test/core/discovery/procNetUnix.test.ts',
  'test/core/discovery/stale.test.ts',
  'test/core/discovery/systemSockets.test.ts',
  'test/core/discovery/tableChurn.test.ts',
  'test/core/discovery/watch.test.ts',
  'test/cli/discover.test.ts',
  'test/extension/present.test.ts',
];

async function node22Tier(step) {
  if (process.versions.node.startsWith('22.')) return;
  const files = NODE22_FILES.map((file) => path.join(root, file));
  const missing = files.filter((file) => !existsSync(file));
  if (missing.length > 0) {
    console.log(`\n=== Node 22 tier FAILED: listed test files are missing: ${missing.join(', ')} ===`);
    totals.failed++;
    return;
  }
  let node22;
  try {
    node22 = await ensureNode22();
  } catch (error) {
    console.log(`\n=== Node 22 tier FAILED: could not install Node 22: ${error instanceof Error ? error.message : error} ===`);
    totals.failed++;
    return;
  }
  await step(`abstract-socket and JavaScript-only discovery tests on Node ${node22.version}`, node22.node, nodeTest(files), {
    GRPC_IPC_NATIVE: '0',
  });
}

/** The Windows pipe tier: the built CLI and grpc-js under Windows Node in Wine, or natively on Windows. */
async function windowsTier(step) {
  const files = listTests(path.join(root, 'test/windows'));
  if (process.platform === 'win32') return step('windows pipe tests (native)', process.execPath, nodeTest(files));
  const { prepareWindowsTools } = await import('./tools/wine.mjs');
  const tools = await prepareWindowsTools();
  if (tools.kind !== 'ready') {
    // Without Wine the tier is skipped locally, but CI must run it (as it must run e2e).
    const failed = tools.kind === 'fail' || process.env.CI === 'true';
    console.log(`\n=== windows pipe tests ${failed ? 'FAILED' : 'SKIPPED'}: ${tools.reason}${failed && tools.kind === 'skip' ? '; CI must run this tier' : ''} ===`);
    if (failed) totals.failed++;
    else totals.skipped += files.length;
    return;
  }
  try {
    await step('windows pipe tests (Wine)', process.execPath, nodeTest(files), tools.env);
  } finally {
    await tools.dispose();
  }
}

/**
 * The .NET peers of test/dotnet: builds the Kestrel server and the .NET client once (restored from the
 * NuGet feed the machine is configured with), then runs the tests that pit them against ours. Without
 * `dotnet` it fails in CI and skips with the reason elsewhere.
 */
async function dotnetTier(step) {
  const files = listTests(path.join(root, 'test/dotnet'));
  const dotnet = findDotnet();
  if (dotnet.reason) {
    console.log(`\n=== .NET peers ${process.env.CI === 'true' ? 'FAILED' : 'SKIPPED'}: ${dotnet.reason} ===`);
    if (process.env.CI === 'true') totals.failed++;
    else totals.skipped += files.length;
    return;
  }
  const started = Date.now();
  if ((await step(`build the .NET peers (SDK ${dotnet.version})`, 'dotnet', dotnetBuildArgs(root), DOTNET_ENV)) !== 0) return;
  const built = Date.now();
  // The e2e tier's Kestrel test reuses this build.
  process.env.GRPC_IPC_DOTNET_BUILT = '1';
  await step('.NET peers against ours', process.execPath, nodeTest(files), DOTNET_ENV);
  console.log(`.NET tier took ${((Date.now() - started) / 1000).toFixed(0)} s (build ${((built - started) / 1000).toFixed(0)} s)`);
}

async function main() {
  const step = (label, ...cmd) => run(label, ...cmd);
  try {
    await ensureDependencies();
  } catch (error) {
    console.log(`\nCould not install the npm dependencies: ${error instanceof Error ? error.message : error}`);
    console.log('Check that the npm registry is reachable, then run npm test again.');
    process.exit(1);
  }
  if (wants('--unit') && !args.has('--no-build')) {
    await step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
    await step('lint', 'npm', ['run', '--silent', 'lint']);
    await step('build', 'npm', ['run', '--silent', 'build']);
  }
  if (wants('--unit')) {
    const unit = ['test/core', 'test/cli', 'test/extension', 'test/shared', 'test/webview'].flatMap((dir) => listTests(path.join(root, dir)));
    await step('unit tests (core, CLI, extension)', process.execPath, nodeTest(unit));
    await node22Tier(step);
  }
  if (wants('--dotnet')) {
    if (!wants('--unit') && !args.has('--no-build')) await step('build', 'npm', ['run', '--silent', 'build']);
    await dotnetTier(step);
  }
  if (wants('--e2e')) await e2eTier(step);
  if (wants('--windows')) {
    if (!wants('--unit') && !args.has('--no-build')) await step('build', 'npm', ['run', '--silent', 'build']);
    await windowsTier(step);
  }
  const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${totals.todo > 0 ? `, ${totals.todo} todo` : ''}`;
  console.log(`\n${summary}`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main();
