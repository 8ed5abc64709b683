// Runs the test tiers and ends with one "N passed, N failed" line over all of them.
// Tiers: unit (system Node), unit again on Node 22 (abstract sockets), e2e (code-server), windows (Wine).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const only = ['--unit', '--e2e', '--windows'].filter((flag) => args.has(flag));
const wants = (flag) => only.length === 0 || only.includes(flag);

const totals = { passed: 0, failed: 0, skipped: 0 };

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
      resolve(code);
    });
  });
}

function nodeTest(files, extra = []) {
  return ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', ...extra, ...files];
}

async function main() {
  const step = (label, ...cmd) => run(label, ...cmd);
  if (wants('--unit') && !args.has('--no-build')) {
    if ((await step('typecheck', 'npm', ['run', '--silent', 'typecheck'])) !== 0) totals.failed++;
    if ((await step('lint', 'npm', ['run', '--silent', 'lint'])) !== 0) totals.failed++;
    if ((await step('build', 'npm', ['run', '--silent', 'build'])) !== 0) totals.failed++;
  }
  if (wants('--unit')) {
    await step('unit tests', process.execPath, nodeTest(listTests(path.join(root, 'test/ipc'))));
  }
  const summary = `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  console.log(`\n${summary}`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

main();
