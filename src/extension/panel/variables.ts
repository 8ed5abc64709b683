// Resolves the panel's {{variables}}, ${env:NAME} and ${workspaceFolder} with the core's resolver, naming
// each place the way the panel shows it, and keeps resolved secret values out of what the panel shows.
// No vscode here.
import type { MetadataRow, ProblemView, TargetDraft, ToWebview } from '../../shared/protocol';
import { IpcError, isIpcError } from '../../ipc/errors';
import { parseJsonText } from '../../ipc/json/syntax';
import {
  hideSecretValues,
  resolveJsonText,
  resolveMetadata,
  resolveText,
  type Substitution,
  type VariableScope,
} from '../../ipc/variables/resolve';

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

/**
 * One request text resolved and parsed, for sending. Invalid JSON is reported as the editor reports it:
 * at its place in the text as typed, naming a secret variable rather than quoting its value.
 */
export function parseRequest(typed: string, place: string, scope: VariableScope, hide: (text: string) => string): unknown {
  const substitutions: Substitution[] = [];
  const resolved = resolveJsonText(typed, place, scope, substitutions);
  const parsed = parseJsonText(resolved);
  if (parsed.ok) return parsed.value;
  const issue = { path: '$', message: `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}` };
  const [typedIssue] = problemsAsTyped([issue], typed, resolved, substitutions, hide);
  const where = typedIssue.message.replace(/^invalid JSON /, '');
  throw new IpcError(
    'bad-request-json',
    `${place[0].toUpperCase()}${place.slice(1)} is not valid JSON ${where}.`,
    'Fix the JSON in the editor.',
  );
}

/** Request texts and metadata with their variables resolved; throws on the first unresolved one. */
export function resolveCallInputs(
  requests: string[],
  metadata: MetadataRow[],
  scope: VariableScope,
): { requests: string[]; metadata: MetadataRow[] } {
  return {
    requests: requests.map((text, index) => resolveJsonText(text, requestPlace(index, requests.length), scope)),
    metadata: resolveMetadata(metadata, scope),
  };
}

const SYNTAX = /^invalid JSON at line (\d+), column (\d+): /;

/**
 * The validator's problems with a resolved request, as the editor may show them: a JSON syntax error
 * points into the text as typed (where the squiggle goes), one inside a secret's value names the
 * variable instead of quoting its characters, and no message holds a secret value.
 */
export function problemsAsTyped(
  issues: Array<{ path: string; message: string }>,
  typed: string,
  resolved: string,
  substitutions: Substitution[],
  hide: (text: string) => string,
): Array<{ path: string; message: string }> {
  return issues.map((issue) => {
    const syntax = SYNTAX.exec(issue.message);
    if (!syntax || substitutions.length === 0) return { path: hide(issue.path), message: hide(issue.message) };
    const offset = offsetAt(resolved, Number(syntax[1]), Number(syntax[2]));
    const within = substitutions.find((sub) => offset >= sub.from && offset < sub.to);
    const before = substitutions.filter((sub) => sub.to <= offset).pop();
    const typedOffset = within ? within.typedFrom : before ? offset - before.to + before.typedTo : offset;
    const at = lineAndColumn(typed, typedOffset);
    const reason = within?.secret
      ? `the value of the secret {{${within.secret}}} is not valid JSON where it is inserted; to send it as a string, put it in quotes: "{{${within.secret}}}"`
      : issue.message.slice(syntax[0].length);
    return { path: issue.path, message: hide(`invalid JSON at line ${at.line}, column ${at.column}: ${reason}`) };
  });
}

function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** Every secret value this panel has resolved, to hide in whatever it shows: problems, squiggles, logs. */
export class SecretMask {
  private readonly seen = new Map<string, string>(); // value → name

  /** The scope, after noting its secret values. */
  remember(scope: VariableScope): VariableScope {
    for (const [name, value] of Object.entries(scope.secretValues)) if (value !== '') this.seen.set(value, name);
    return scope;
  }

  text = (text: string): string =>
    this.seen.size === 0
      ? text
      : hideSecretValues(
          text,
          [...this.seen].map(([value, name]) => [name, value]),
        );

  problem(problem: ProblemView): ProblemView {
    return { ...problem, message: this.text(problem.message), ...(problem.hint ? { hint: this.text(problem.hint) } : {}) };
  }

  /** A call's message to the panel: its transport names the address as resolved, which may hold a secret. */
  callMessage(message: ToWebview): ToWebview {
    if (message.type !== 'callEnded' || !message.summary) return message;
    return { ...message, summary: { ...message.summary, transport: this.text(message.summary.transport) } };
  }

  /** The same error with no secret value in its words; other errors pass as they are. */
  error(error: unknown): unknown {
    if (this.seen.size === 0) return error;
    if (isIpcError(error)) return new IpcError(error.code, this.text(error.message), error.hint && this.text(error.hint));
    return error instanceof Error ? new Error(this.text(error.message)) : error;
  }
}
