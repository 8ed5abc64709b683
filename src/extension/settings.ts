// Typed access to the grpcIpc.* settings. In an untrusted workspace the restricted ones are read from
// user settings only, so a cloned repository cannot point us at its own servers, protos or owners.
import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS } from './settingKeys';

/** What the expected-owner check does when a socket's owner is not the expected one. */
export type OwnerPolicy = 'warn' | 'block' | 'off';

/** Every setting, read once per use so changes apply without a reload. */
export interface Settings {
  discoveryDirectories: string[];
  probe: boolean;
  probeTimeoutMs: number;
  deadlineMs: number;
  ownerPolicy: OwnerPolicy;
  /** A uid or user name; empty means "the user VS Code runs as". */
  expectedOwner: string;
  /** Target string → `sha256:` fingerprint. */
  tlsPins: Record<string, string>;
  /** Raw launch configurations, validated by launchConfigs.ts. */
  servers: unknown;
  targets: string[];
  protoFiles: string[];
  importPaths: string[];
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('grpcIpc');
  const get = <T>(key: string, fallback: T): T => readOne(config, key, fallback);
  const strings = (key: string) => get<unknown>(key, []) as unknown;
  return {
    discoveryDirectories: stringList(strings('discovery.directories')),
    probe: get<unknown>('discovery.probe', true) !== false,
    probeTimeoutMs: positive(get('discovery.probeTimeoutMs', 1000), 1000),
    deadlineMs: positive(get('call.deadlineMs', 10_000), 10_000),
    ownerPolicy: (['warn', 'block', 'off'] as const).find((policy) => policy === get('owner.policy', 'warn')) ?? 'warn',
    expectedOwner: String(get('owner.expected', '') ?? ''),
    tlsPins: stringMap(get('tls.pins', {})),
    servers: get('servers', []),
    targets: stringList(strings('targets')),
    protoFiles: stringList(strings('protoFiles')),
    importPaths: stringList(strings('importPaths')),
  };
}

/** The `sha256:` pin of a target's certificate (grpcIpc.tls.pins); in Restricted Mode from user settings only. */
export function certificatePin(target: string): string | undefined {
  return readSettings().tlsPins[target];
}

/** Pins a target's certificate in the user settings (grpcIpc.tls.pins), where a workspace cannot change it. */
export async function saveCertificatePin(target: string, sha256: string): Promise<void> {
  const config = vscode.workspace.getConfiguration('grpcIpc');
  const current = stringMap(config.inspect<unknown>('tls.pins')?.globalValue);
  await config.update('tls.pins', { ...current, [target]: `sha256:${sha256}` }, vscode.ConfigurationTarget.Global);
}

function readOne<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  if (vscode.workspace.isTrusted || !(RESTRICTED_SETTINGS as readonly string[]).includes(key)) return config.get<T>(key, fallback);
  const values = config.inspect<T>(key);
  return values?.globalValue ?? values?.defaultValue ?? fallback;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '') : [];
}

function stringMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && value > 0 ? value : fallback;
}
