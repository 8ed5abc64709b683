// Kept apart from settings.ts (no vscode import) so tests can compare it with package.json.

/** Settings a workspace may not set while untrusted; package.json lists the same keys. */
export const RESTRICTED_SETTINGS = [
  'servers',
  'targets',
  'protoFiles',
  'importPaths',
  'discovery.directories',
  'owner.policy',
  'owner.expected',
  'tls.pins',
] as const;
