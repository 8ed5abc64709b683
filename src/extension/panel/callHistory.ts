// The panel's call history: per target, the newest calls first, kept in the workspace state.
import type * as vscode from 'vscode';
import type { HistoryEntry, PanelState, ParamsOf, TargetDraft, TlsDraft } from '../../shared/protocol';
import type { SchemaSource } from '../../shared/types';

const HISTORY_KEY = 'grpcIpc.requestHistory';
const HISTORY_LIMIT = 20;

export class CallHistory {
  /** `target` is the key a call's target is stored under: with a secret in its address as {{name}}. */
  constructor(private readonly state: vscode.Memento) {}

  list(target: string): HistoryEntry[] {
    return this.all()[target] ?? [];
  }

  async add(target: string, entry: HistoryEntry): Promise<void> {
    await this.state.update(HISTORY_KEY, { ...this.all(), [target]: [entry, ...this.list(target)].slice(0, HISTORY_LIMIT) });
  }

  private all(): Record<string, HistoryEntry[]> {
    return this.state.get<Record<string, HistoryEntry[]>>(HISTORY_KEY, {});
  }
}

/** The request as a history entry keeps it: the target as typed, secret metadata values blanked. */
export function historyRequest(
  draft: { target: TargetDraft; tls: TlsDraft } | undefined,
  source: SchemaSource | undefined,
  params: ParamsOf<'startCall'>,
): PanelState | undefined {
  if (!draft) return undefined;
  return {
    target: draft.target,
    tls: draft.tls,
    source: source ?? { kind: 'reflection' },
    method: params.method,
    requests: params.requests,
    metadata: params.metadata.map((row) => (row.secret ? { ...row, value: '' } : row)),
    deadlineMs: params.deadlineMs,
    maxMessageBytes: params.maxMessageBytes,
  };
}
