// Targets the user pinned or attached to. Kept in global (user) state, never in the workspace, so an
// untrusted folder cannot plant targets.
import * as vscode from 'vscode';
import { formatTarget, parseTarget } from '../ipc/endpoint';

const KEY = 'grpcIpc.pinnedTargets';

export class PinStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  list(): string[] {
    const value = this.state.get<unknown>(KEY, []);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  }

  has(target: string): boolean {
    return this.list().includes(canonicalTarget(target));
  }

  async add(target: string): Promise<void> {
    const canonical = canonicalTarget(target);
    if (this.has(canonical)) return;
    await this.state.update(KEY, [...this.list(), canonical]);
    this.changed.fire();
  }

  async remove(target: string): Promise<void> {
    const canonical = canonicalTarget(target);
    await this.state.update(
      KEY,
      this.list().filter((item) => item !== canonical),
    );
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The canonical spelling of a target, so `unix:///a` and `unix:/a` are one pin; unparsable text stays as typed. */
export function canonicalTarget(target: string): string {
  try {
    return formatTarget(parseTarget(target));
  } catch {
    return target.trim();
  }
}
