// Shared pieces for the tool installers: where tools live, running a command visibly, a folder lock.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The folder tools are installed into: $GRPC_IPC_TOOLS, or `.tools` in the repository (git-ignored). */
export function toolsDir() {
  const dir = process.env.GRPC_IPC_TOOLS ? path.resolve(process.env.GRPC_IPC_TOOLS) : path.join(repoRoot, '.tools');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function log(message) {
  console.log(`[tools] ${message}`);
}

/** Runs a command without a shell, streaming its output with a prefix; rejects with the tail of its output. */
export function run(command, args, { cwd, env = process.env, label = path.basename(command) } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const echo = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) console.log(`  ${label}| ${line}`);
    };
    child.stdout.on('data', echo);
    child.stderr.on('data', echo);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${label} ${args.join(' ')} exited with ${code}.\n${tail}`));
    });
  });
}

/** Runs a command and returns its stdout; rejects with stderr when it fails. */
export function capture(command, args, { cwd, env = process.env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${err.trim()}`))));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Holds a lock folder next to `dir` while `work` runs, so two test runs sharing a tools folder
 * do not install the same tool at once. A lock older than `staleMs` is taken over.
 */
export async function withLock(dir, work, staleMs = 20 * 60_000) {
  const lock = `${dir}.lock`;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > staleMs) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another install into ${path.basename(dir)} to finish...`);
      announced = true;
      await sleep(2000);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Environment with `binDir` first on PATH. */
export function envWithPath(binDir, extra = {}) {
  return { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

/** Seconds since `start` (a Date.now() value), one decimal. */
export function secondsSince(start) {
  return ((Date.now() - start) / 1000).toFixed(1);
}
