// Host-side memory of one panel: the targets the user selected and the schema loaded for each.
// No vscode here.
import type { TlsDraft } from '../../shared/protocol';
import type { SchemaSource } from '../../shared/types';
import { type Endpoint, formatTarget } from '../../ipc/endpoint';
import type { Schema } from '../../ipc/schema/schema';
import type { TlsOptions } from '../../ipc/types';

/** A target the user selected with Connect. */
export interface SelectedTarget {
  endpoint: Endpoint;
  /** Canonical target string; the key for pins and history. */
  canonical: string;
  tls: TlsOptions | undefined;
  schema?: Schema;
  source?: SchemaSource;
  /** SHA-256 (hex) of the certificate the host itself last saw on this target; the only one it will pin. */
  lastCertificate?: string;
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
