// Resolves the panel's {{variables}}, ${env:NAME} and ${workspaceFolder} with the core's resolver, naming
// each place the way the panel shows it. No vscode here.
import type { MetadataRow, TargetDraft } from '../../shared/protocol';
import { resolveJsonText, resolveMetadata, resolveText, type VariableScope } from '../../ipc/variables/resolve';

const ADDRESS = 'the address';

/** The target as typed, with its variables resolved. */
export function resolveDraftVariables(draft: TargetDraft, scope: VariableScope): TargetDraft {
  switch (draft.kind) {
    case 'unix':
      return { kind: 'unix', path: resolveText(draft.path, ADDRESS, scope) };
    case 'abstract':
    case 'pipe':
      return { ...draft, name: resolveText(draft.name, ADDRESS, scope) };
    case 'tcp':
      return { kind: 'tcp', host: resolveText(draft.host, ADDRESS, scope), port: resolveText(draft.port, ADDRESS, scope) };
  }
}

/** Where a request text sits, in the panel's words. */
export function requestPlace(index: number, count: number): string {
  return count === 1 ? 'the request body' : `request message ${index + 1}`;
}

/** Request texts and metadata with their variables resolved; throws on the first unresolved one. */
export function resolveCallInputs(requests: string[], metadata: MetadataRow[], scope: VariableScope): { requests: string[]; metadata: MetadataRow[] } {
  return {
    requests: requests.map((text, index) => resolveJsonText(text, requestPlace(index, requests.length), scope)),
    metadata: resolveMetadata(metadata, scope),
  };
}
