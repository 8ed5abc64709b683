// Launch configurations: validation of what users write, merging of the places they write it, and
// resolution of variables into something spawn() can run.
import * as path from 'node:path';
import { parseTarget, type Endpoint } from '../endpoint';
import { isIpcError } from '../errors';
import type { TlsOptions } from '../types';
import { substituteVariables, type VariableScope } from './variables';

/** Where a launch configuration was written. */
export type ConfigOrigin = 'user settings' | 'workspace settings' | '.vscode/grpc-ipc.json' | 'built-in';

/** One server the user can start, as configured (variables not yet substituted). */
export interface ServerConfig {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string>;
  /** Target string the server listens on, e.g. `unix:${workspaceFolder}/.sockets/app.sock`. */
  listen: string;
  /** Milliseconds to wait for the target to listen. */
  readyTimeout: number;
  protoFiles: string[];
  importPaths: string[];
  tls?: TlsOptions;
  origin: ConfigOrigin;
}

/** A configuration with every variable substituted and the target parsed. */
export interface ResolvedServer extends ServerConfig {
  cwd: string;
  endpoint: Endpoint;
}

export const DEFAULT_READY_TIMEOUT_MS = 15_000;

/** Configurations that passed validation, and one sentence per entry that did not. */
export interface ConfigReport {
  servers: ServerConfig[];
  problems: string[];
}

const TLS_KEYS = ['ca', 'cert', 'key', 'serverName', 'insecure', 'pin'] as const;

/** Checks a `servers` array from settings or from .vscode/grpc-ipc.json. */
export function validateServerConfigs(raw: unknown, origin: ConfigOrigin): ConfigReport {
  const report: ConfigReport = { servers: [], problems: [] };
  if (raw === undefined || raw === null) return report;
  if (!Array.isArray(raw)) {
    report.problems.push(`${origin}: "servers" must be an array of launch configurations.`);
    return report;
  }
  raw.forEach((entry, index) => {
    const result = validateOne(entry, origin);
    if (typeof result === 'string') report.problems.push(`${origin}: servers[${index}]: ${result}`);
    else report.servers.push(result);
  });
  return report;
}

function validateOne(entry: unknown, origin: ConfigOrigin): ServerConfig | string {
  if (!isObject(entry)) return 'must be an object with at least "name", "command" and "listen".';
  const { name, command, listen } = entry;
  if (typeof name !== 'string' || !name.trim()) return '"name" must be a non-empty string.';
  if (typeof command !== 'string' || !command.trim()) return `"${name}": "command" must be a non-empty string.`;
  if (typeof listen !== 'string' || !listen.trim())
    return `"${name}": "listen" must be a target string such as unix:\${workspaceFolder}/.sockets/app.sock.`;
  const args = stringArray(entry.args, 'args');
  const protoFiles = stringArray(entry.protoFiles, 'protoFiles');
  const importPaths = stringArray(entry.importPaths, 'importPaths');
  for (const list of [args, protoFiles, importPaths]) if (typeof list === 'string') return `"${name}": ${list}`;
  if (entry.cwd !== undefined && typeof entry.cwd !== 'string') return `"${name}": "cwd" must be a string.`;
  const env = stringMap(entry.env);
  if (typeof env === 'string') return `"${name}": ${env}`;
  const readyTimeout = entry.readyTimeout ?? DEFAULT_READY_TIMEOUT_MS;
  if (typeof readyTimeout !== 'number' || !(readyTimeout > 0))
    return `"${name}": "readyTimeout" must be a positive number of milliseconds.`;
  const tls = validateTls(entry.tls);
  if (typeof tls === 'string') return `"${name}": ${tls}`;
  return {
    name: name.trim(),
    command,
    args: args as string[],
    cwd: entry.cwd as string | undefined,
    env,
    listen,
    readyTimeout,
    protoFiles: protoFiles as string[],
    importPaths: importPaths as string[],
    tls,
    origin,
  };
}

function validateTls(raw: unknown): TlsOptions | undefined | string {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return '"tls" must be an object (ca, cert, key, serverName, insecure, pin).';
  for (const key of Object.keys(raw))
    if (!(TLS_KEYS as readonly string[]).includes(key)) return `"tls.${key}" is not a TLS option (${TLS_KEYS.join(', ')}).`;
  for (const key of ['ca', 'cert', 'key', 'serverName', 'pin'] as const)
    if (raw[key] !== undefined && typeof raw[key] !== 'string') return `"tls.${key}" must be a string.`;
  if (raw.insecure !== undefined && typeof raw.insecure !== 'boolean') return '"tls.insecure" must be true or false.';
  if ((raw.cert === undefined) !== (raw.key === undefined)) return '"tls.cert" and "tls.key" go together.';
  return raw as TlsOptions;
}

/**
 * Merges configuration lists in order of precedence (later wins on the same name), so a workspace can
 * override a user-level server of the same name; each override is reported.
 */
export function mergeServerConfigs(...reports: ConfigReport[]): ConfigReport {
  const byName = new Map<string, ServerConfig>();
  const problems: string[] = [];
  for (const report of reports) {
    problems.push(...report.problems);
    const seenHere = new Set<string>();
    for (const server of report.servers) {
      if (seenHere.has(server.name)) {
        problems.push(`${server.origin}: the name "${server.name}" is used twice; the later entry wins.`);
      } else {
        const earlier = byName.get(server.name);
        if (earlier) problems.push(`"${server.name}" from ${server.origin} overrides the one in ${earlier.origin}.`);
      }
      seenHere.add(server.name);
      byName.delete(server.name);
      byName.set(server.name, server);
    }
  }
  return { servers: [...byName.values()], problems };
}

/** Substitutes variables everywhere they may appear and parses the target; throws IpcError. */
export function resolveServerConfig(config: ServerConfig, scope: VariableScope): ResolvedServer {
  const sub = (text: string) => substituteVariables(text, scope);
  const base = scope.workspaceFolder ?? scope.userHome;
  const cwd = config.cwd === undefined ? base : path.resolve(base, sub(config.cwd));
  const env = Object.fromEntries(Object.entries(config.env).map(([key, value]) => [key, sub(value)]));
  const tls = config.tls && {
    ...config.tls,
    ...Object.fromEntries(
      (['ca', 'cert', 'key'] as const).filter((key) => config.tls?.[key]).map((key) => [key, path.resolve(cwd, sub(config.tls![key]!))]),
    ),
  };
  const listen = sub(config.listen);
  let endpoint: Endpoint;
  try {
    endpoint = parseTarget(listen, cwd);
  } catch (error) {
    if (isIpcError(error)) error.message = `Server "${config.name}": ${error.message}`;
    throw error;
  }
  return {
    ...config,
    command: sub(config.command),
    args: config.args.map(sub),
    cwd,
    env,
    listen,
    protoFiles: config.protoFiles.map((file) => path.resolve(cwd, sub(file))),
    importPaths: config.importPaths.map((dir) => path.resolve(cwd, sub(dir))),
    tls,
    endpoint,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown, field: string): string[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return `"${field}" must be an array of strings.`;
  return value;
}

function stringMap(value: unknown): Record<string, string> | string {
  if (value === undefined) return {};
  if (!isObject(value) || Object.values(value).some((item) => typeof item !== 'string')) return '"env" must map names to string values.';
  return value as Record<string, string>;
}
