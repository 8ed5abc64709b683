// Saved requests under .vscode/grpc-ipc/requests/*.json: sorted keys and two-space indents so they
// diff cleanly in git, and no secret metadata values on disk.
import * as path from 'node:path';
import type { PanelState } from '../../shared/protocol';

/** The file's format version, so later changes can read old files. */
export const SAVED_REQUEST_VERSION = 1;

/** JSON with object keys sorted at every level. */
export function stableStringify(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** The document written to disk; request texts are stored as JSON when they parse. */
export function savedRequestText(state: PanelState): string {
  return stableStringify({
    version: SAVED_REQUEST_VERSION,
    target: state.target,
    tls: state.tls,
    source: state.source,
    method: state.method,
    requests: state.requests.map(parseOrText),
    metadata: state.metadata.map((row) => (row.secret ? { ...row, value: '' } : row)),
    deadlineMs: state.deadlineMs,
    maxMessageBytes: state.maxMessageBytes,
  });
}

/** Reads a saved request back into panel state; throws on files that are not one. */
export function readSavedRequest(text: string): PanelState {
  const doc = JSON.parse(text) as Record<string, unknown>;
  if (doc.version !== SAVED_REQUEST_VERSION || typeof doc.method !== 'string' || !Array.isArray(doc.requests))
    throw new Error('This file is not a saved gRPC request (version 1).');
  return {
    target: doc.target as PanelState['target'],
    tls: doc.tls as PanelState['tls'],
    source: doc.source as PanelState['source'],
    method: doc.method,
    requests: doc.requests.map((request) => (typeof request === 'string' ? request : JSON.stringify(request, null, 2))),
    metadata: (doc.metadata as PanelState['metadata']) ?? [],
    deadlineMs: Number(doc.deadlineMs) || 10_000,
    maxMessageBytes: Number(doc.maxMessageBytes) || 4 * 1024 * 1024,
  };
}

/**
 * The relative file path for a request name: "folder/name" keeps its folders; each part keeps letters,
 * digits, "_", "-" and "."; undefined when nothing usable is left or a part would climb out ("..").
 */
export function requestFilePath(name: string): string | undefined {
  const parts = name
    .trim()
    .split('/')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 8 || parts.some((part) => !/^[\w.-]+$/.test(part) || /^\.+$/.test(part))) return undefined;
  const file = parts.join('/').replace(/\.json$/, '');
  return `${file}.json`;
}

/** A file name from a free-form request name. */
export function requestFileName(name: string): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'request';
  return `${base.slice(0, 80)}.json`;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A unix socket path inside `folder` becomes `${workspaceFolder}/…`, so the file works in every checkout. */
export function workspaceRelativeTarget(state: PanelState, folder: string): PanelState {
  if (state.target.kind !== 'unix' || !path.isAbsolute(state.target.path)) return state;
  const relative = path.relative(folder, state.target.path);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return state;
  return { ...state, target: { kind: 'unix', path: `\${workspaceFolder}/${relative.split(path.sep).join('/')}` } };
}
