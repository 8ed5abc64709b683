// Host-side memory of one panel: the targets the user selected and the schema loaded for each.
// No vscode here.
import type { TargetDraft, TlsDraft } from '../../shared/protocol';
import type { SchemaSource } from '../../shared/types';
import { assertReachable, type Endpoint, formatTarget, parseTarget, type Schema } from './core';
import type { TlsOptions } from '../../ipc/types';

/** A target the user selected with Connect. */
export interface SelectedTarget {
  endpoint: Endpoint;
  /** Canonical target string; the key for pins and history. */
  canonical: string;
  tls: TlsOptions | undefined;
  schema?: Schema;
  source?: SchemaSource;
}

/** The target string for what the user typed, in the forms parseTarget reads. */
export function draftToTarget(draft: TargetDraft): string {
  switch (draft.kind) {
    case 'unix':
      return draft.path.trim() ? `unix:${draft.path.trim()}` : '';
    case 'abstract':
      return draft.name ? `unix-abstract:${draft.name}` : '';
    case 'pipe':
      return draft.name ? `npipe:${draft.name}` : '';
    case 'tcp':
      return draft.host.includes(':') && !draft.host.startsWith('[') ? `[${draft.host}]:${draft.port}` : `${draft.host}:${draft.port}`;
  }
}

/** Parses and checks a draft with the core's own rules; throws its IpcError. */
export function resolveDraft(draft: TargetDraft, cwd: string): Endpoint {
  const endpoint = parseTarget(draftToTarget(draft), cwd);
  if (endpoint.kind !== draft.kind) throw new Error(`Expected a ${draft.kind} target.`);
  assertReachable(endpoint);
  return endpoint;
}

export function tlsOptions(draft: TlsDraft): TlsOptions | undefined {
  if (draft.kind === 'off') return undefined;
  return {
    ...(draft.ca ? { ca: draft.ca } : {}),
    ...(draft.cert ? { cert: draft.cert } : {}),
    ...(draft.key ? { key: draft.key } : {}),
    ...(draft.serverName ? { serverName: draft.serverName } : {}),
    ...(draft.insecure ? { insecure: true } : {}),
  };
}

export class TargetRegistry {
  private readonly targets = new Map<string, SelectedTarget>();
  private nextId = 1;

  get ids(): ReadonlySet<string> {
    return new Set(this.targets.keys());
  }

  add(endpoint: Endpoint, tls: TlsOptions | undefined): string {
    const id = `t${this.nextId++}`;
    this.targets.set(id, { endpoint, canonical: formatTarget(endpoint), tls });
    return id;
  }

  get(id: string): SelectedTarget {
    const target = this.targets.get(id);
    if (!target) throw new Error(`Unknown target ${id}.`);
    return target;
  }
}
