// node-gyp needs Node's headers. When npm's configuration names no `nodedir`, node-gyp downloads them,
// which fails on a machine that reaches only package registries; the nodejs package installs them
// beside the binary (or under /usr), so point node-gyp there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The folder holding `include/node/node_api.h` for this Node, if it is on the machine. */
export function nodeHeadersDir(execPath = process.execPath) {
  const candidates = [path.resolve(path.dirname(execPath), '..'), '/usr', '/usr/local'];
  return candidates.find((dir) => existsSync(path.join(dir, 'include/node/node_api.h')));
}

/** npm's own `nodedir` setting, from the environment or its configuration files; undefined when unset. */
function configuredNodeDir(env) {
  const fromEnv = env.npm_config_nodedir ?? env.NPM_CONFIG_NODEDIR;
  if (fromEnv) return fromEnv;
  const result = spawnSync('npm', ['config', 'get', 'nodedir'], { env, encoding: 'utf8' });
  const value = result.status === 0 ? result.stdout.trim() : '';
  return value && value !== 'undefined' && value !== 'null' ? value : undefined;
}

/** Environment additions that give node-gyp local headers when npm's configuration has none. */
export function nodeDirEnv(env = process.env) {
  if (configuredNodeDir(env)) return {};
  const dir = nodeHeadersDir();
  return dir ? { npm_config_nodedir: dir } : {};
}
