// The project's own npm dependencies, installed by `npm start` and `npm test` themselves, so that a
// fresh clone needs no other command first.
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { log, repoRoot, run, secondsSince } from './common.mjs';
import { nodeDirEnv } from './nodeHeaders.mjs';

/** Why node_modules must be (re)installed, or undefined when it matches package-lock.json. */
export function dependenciesOutOfDate(root = repoRoot) {
  const lock = path.join(root, 'package-lock.json');
  // npm writes this file at the end of every install, so it dates the last complete one.
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  if (statSync(lock).mtimeMs > statSync(installed).mtimeMs) return 'package-lock.json is newer than node_modules';
  return undefined;
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json, saying why and how long it took. */
export async function ensureDependencies(root = repoRoot) {
  const why = dependenciesOutOfDate(root);
  if (!why) return;
  const start = Date.now();
  log(`${why}: installing the project's npm dependencies (npm ci) ...`);
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, env: { ...process.env, ...nodeDirEnv() }, label: 'npm ci' });
  log(`npm dependencies installed in ${secondsSince(start)} s`);
}
