// code-server from npm: real VS Code (the workbench in a browser, the extension host on Node 22),
// installable without the VS Code download servers. Its postinstall downloads ripgrep from GitHub,
// which is unreachable offline, so we pre-seed that download cache with the system's `rg`.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureNode22 } from './node22.mjs';
import { capture, envWithPath, log, run, secondsSince, toolsDir, withLock } from './common.mjs';
import { nodeDirEnv } from './nodeHeaders.mjs';

export const CODE_SERVER_VERSION = '4.104.0';
const DONE_MARKER = '.grpc-ipc-installed';

/** Finds a ripgrep binary to stand in for the one code-server would download. */
function findSystemRipgrep() {
  for (const candidate of [process.env.GRPC_IPC_RG, '/usr/bin/rg', '/usr/local/bin/rg'].filter(Boolean)) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('ripgrep (rg) is not installed. Install it (Debian: apt-get install ripgrep) or set GRPC_IPC_RG to its path.');
}

/** ripgrep's release target name for this machine, as @vscode/ripgrep's postinstall computes it. */
function ripgrepTarget() {
  if (process.platform !== 'linux') throw new Error(`The offline code-server install is only set up for Linux, not ${process.platform}.`);
  if (os.arch() === 'x64') return 'x86_64-unknown-linux-musl';
  if (os.arch() === 'arm64') return 'aarch64-unknown-linux-musl';
  throw new Error(`No ripgrep target known for ${os.arch()}.`);
}

/** Extracts one file from an npm tarball (`npm pack` output) and returns its text. */
async function readFromTarball(tarball, member) {
  return capture('tar', ['-xzOf', tarball, member]);
}

/**
 * Reads which @vscode/ripgrep the code-server package pins and which ripgrep release that package
 * downloads, then puts a tarball holding the system `rg` where its postinstall looks first.
 */
async function seedRipgrepCache(scratch, env) {
  log(`reading the ripgrep versions code-server ${CODE_SERVER_VERSION} expects ...`);
  const packed = (await capture('npm', ['pack', '--silent', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', scratch], { cwd: scratch, env })).trim().split('\n').pop();
  const shrinkwrap = JSON.parse(await readFromTarball(path.join(scratch, packed), 'package/lib/vscode/npm-shrinkwrap.json'));
  const ripgrepPackageVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!ripgrepPackageVersion) throw new Error(`code-server ${CODE_SERVER_VERSION} does not pin @vscode/ripgrep where expected (lib/vscode/npm-shrinkwrap.json).`);
  const ripgrepPacked = (await capture('npm', ['pack', '--silent', `@vscode/ripgrep@${ripgrepPackageVersion}`, '--pack-destination', scratch], { cwd: scratch, env })).trim().split('\n').pop();
  const postinstall = await readFromTarball(path.join(scratch, ripgrepPacked), 'package/lib/postinstall.js');
  const releaseVersion = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!releaseVersion) throw new Error(`Could not read the ripgrep release from @vscode/ripgrep@${ripgrepPackageVersion}'s lib/postinstall.js.`);

  // @vscode/ripgrep's download.js caches in <os.tmpdir()>/vscode-ripgrep-cache-<package version>.
  const cacheDir = path.join(env.TMPDIR, `vscode-ripgrep-cache-${ripgrepPackageVersion}`);
  mkdirSync(cacheDir, { recursive: true });
  const asset = path.join(cacheDir, `ripgrep-${releaseVersion}-${ripgrepTarget()}.tar.gz`);
  const staging = path.join(scratch, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync(findSystemRipgrep(), path.join(staging, 'rg'));
  await capture('tar', ['-czf', asset, '-C', staging, 'rg']);
  log(`seeded @vscode/ripgrep ${ripgrepPackageVersion} (release ${releaseVersion}) with the system rg`);
}

/** Paths of an installed code-server. */
function layout(dir) {
  const pkg = path.join(dir, 'node_modules', 'code-server');
  return {
    dir,
    entry: path.join(pkg, 'out', 'node', 'entry.js'),
    ripgrep: path.join(pkg, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    marker: path.join(dir, DONE_MARKER),
  };
}

/**
 * Installs code-server into the tools folder if missing, on Node 22, offline.
 * Returns `{ entry, node, binDir, version, env }`: run it as `spawn(node, [entry, ...args], { env })`.
 */
export async function ensureCodeServer() {
  const node22 = await ensureNode22();
  const paths = layout(path.join(toolsDir(), `code-server-${CODE_SERVER_VERSION}`));
  // code-server and anything it spawns (extension host, npm in its postinstall) must see Node 22 first.
  const env = envWithPath(node22.binDir);
  if (!existsSync(paths.marker)) {
    await withLock(paths.dir, async () => {
      if (existsSync(paths.marker)) return;
      await installCodeServer(paths, env, node22.node);
    });
  }
  return { entry: paths.entry, node: node22.node, binDir: node22.binDir, version: CODE_SERVER_VERSION, env };
}

async function installCodeServer(paths, baseEnv, node) {
  const start = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${paths.dir} (one to two minutes on two cores) ...`);
  rmSync(paths.dir, { recursive: true, force: true });
  mkdirSync(paths.dir, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gi-tools-'));
  try {
    const env = {
      ...withoutNpmRunEnv(baseEnv),
      TMPDIR: scratch,
      // Running as root, code-server's postinstall insists on unsafe-perm.
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      // npm 11 gates dependency install scripts; code-server's postinstall runs further `npm install`s
      // in lib/vscode whose native modules and ripgrep need their scripts too. Limited to this pinned tool.
      npm_config_dangerously_allow_all_scripts: 'true',
      // Its native modules (argon2, kerberos, node-pty, spdlog) build with node-gyp, which needs local headers.
      ...nodeDirEnv(withoutNpmRunEnv(baseEnv)),
    };
    await seedRipgrepCache(scratch, env);
    writeFileSync(path.join(paths.dir, 'package.json'), JSON.stringify({ name: 'grpc-ipc-tools-code-server', private: true, allowScripts: { 'code-server': true } }, null, 2));
    await run('npm', ['install', '--no-save', `code-server@${CODE_SERVER_VERSION}`], { cwd: paths.dir, env, label: 'npm' });
    for (const [what, file] of [['code-server entry', paths.entry], ['ripgrep', paths.ripgrep]]) {
      if (!existsSync(file)) throw new Error(`code-server install finished but ${what} is missing at ${file}; its postinstall did not run completely.`);
    }
    // --version also prints a banner from a dependency, so look for the line that starts with the version.
    const reported = await capture(node, [paths.entry, '--version'], { env: { ...baseEnv, XDG_CONFIG_HOME: scratch } });
    if (!reported.split('\n').some((line) => line.startsWith(`${CODE_SERVER_VERSION} `))) throw new Error(`code-server --version printed "${reported.trim()}", expected ${CODE_SERVER_VERSION}.`);
    writeFileSync(paths.marker, `${JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), seconds: Number(secondsSince(start)) })}\n`);
    log(`code-server ${CODE_SERVER_VERSION} installed in ${secondsSince(start)} s`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Under `npm test` the environment carries the outer npm's settings, among them a user agent naming the
 * Node that runs the tests; code-server's postinstall reads the Node version from it and refuses
 * anything but 22. The install gets a clean npm environment, so it describes the Node 22 on PATH.
 */
function withoutNpmRunEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

/** Reads how long the code-server install took, if it was recorded. */
export function codeServerInstallRecord() {
  const marker = layout(path.join(toolsDir(), `code-server-${CODE_SERVER_VERSION}`)).marker;
  return existsSync(marker) ? JSON.parse(readFileSync(marker, 'utf8')) : undefined;
}
