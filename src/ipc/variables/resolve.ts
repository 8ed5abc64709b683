// Variables in requests: `{{name}}` from the chosen environment, `${env:NAME}` from the process
// environment and `${workspaceFolder}`. One resolver for the CLI and the panel. An unresolved variable
// is an error before anything is sent, naming the variable and where it is used; a secret value never
// appears in a message.
import { IpcError } from '../errors';

/** What variables resolve from. */
export interface VariableScope {
  /** The chosen environment's name, for messages; undefined when none is chosen. */
  environment?: string;
  /** Plain values by name. */
  variables: Record<string, string>;
  /** Secret values by name (from SecretStorage or the CLI's environment). */
  secretValues: Record<string, string>;
  /** Names declared secret, whether or not a value is known. */
  secrets: string[];
  env: Record<string, string | undefined>;
  workspaceFolder?: string;
  /** Set in an untrusted workspace, where environment files and the process environment are not read. */
  restricted?: boolean;
}

/** Where a text is used, in the user's words: `the request body`, `metadata "x-token"`, `the address`. */
export type Place = string;

const PATTERN = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}|\$\{(env:[^}]+|workspaceFolder)\}/g;

/** Whether a text holds anything to resolve. */
export function hasVariables(text: string): boolean {
  PATTERN.lastIndex = 0;
  return PATTERN.test(text);
}

/** The value of one variable, or an error naming it and the place. */
function valueOf(match: string, name: string | undefined, builtin: string | undefined, place: Place, scope: VariableScope): string {
  if (scope.restricted && builtin !== 'workspaceFolder')
    throw new IpcError(
      'unresolved-variable',
      `${match} in ${place} is not resolved in Restricted Mode: environment files and environment variables are not read for an untrusted workspace. Nothing was sent.`,
      'Trust the workspace to use them, or write the value out.',
    );
  if (name !== undefined) {
    if (Object.hasOwn(scope.secretValues, name)) return scope.secretValues[name];
    if (scope.secrets.includes(name))
      throw new IpcError(
        'unresolved-variable',
        `${match} in ${place} is a secret of environment "${scope.environment}" with no value set. Nothing was sent.`,
        'Set its value with {environment}.',
      );
    if (Object.hasOwn(scope.variables, name)) return scope.variables[name];
    throw new IpcError(
      'unresolved-variable',
      `${match} in ${place} has no value${scope.environment ? ` in environment "${scope.environment}"` : ': no environment is chosen'}. Nothing was sent.`,
      scope.environment
        ? `Define "${name}" in the environment file, or choose another with {environment}.`
        : 'Choose one with {environment}.',
    );
  }
  if (builtin === 'workspaceFolder') {
    if (scope.workspaceFolder === undefined)
      throw new IpcError(
        'unresolved-variable',
        `${match} in ${place} has no value: no folder is open. Nothing was sent.`,
        'Open a folder, or write the path out.',
      );
    return scope.workspaceFolder;
  }
  const envName = builtin!.slice('env:'.length);
  const value = scope.env[envName];
  if (value === undefined)
    throw new IpcError(
      'unresolved-variable',
      `${match} in ${place}: the environment variable ${envName} is not set. Nothing was sent.`,
      `Set ${envName} before starting.`,
    );
  return value;
}

/** Resolves a plain text such as an address or a metadata value. */
export function resolveText(text: string, place: Place, scope: VariableScope): string {
  return text.replace(PATTERN, (match, name: string | undefined, builtin: string | undefined) =>
    valueOf(match, name, builtin, place, scope),
  );
}

/** Where one variable was replaced: `from`/`to` in the resolved text, `typedFrom`/`typedTo` in the text as typed. */
export interface Substitution {
  from: number;
  to: number;
  typedFrom: number;
  typedTo: number;
  /** The variable's name when its value is a secret. */
  secret?: string;
}

/**
 * Resolves JSON text: inside a string literal the value is escaped for JSON, so a quote in it cannot
 * break the document; outside one it is inserted as written, so `{"count": {{n}}}` works with numbers.
 * `substitutions`, when given, receives where each value went, so messages about the resolved text can
 * point into the typed one.
 */
export function resolveJsonText(text: string, place: Place, scope: VariableScope, substitutions?: Substitution[]): string {
  let out = '';
  let last = 0;
  let inside = false; // whether the scan, at `last`, is inside a string literal
  PATTERN.lastIndex = 0;
  for (let match = PATTERN.exec(text); match; match = PATTERN.exec(text)) {
    const value = valueOf(match[0], match[1], match[2], place, scope);
    inside = scanQuotes(text, last, match.index, inside);
    out += text.slice(last, match.index);
    const inserted = inside ? JSON.stringify(value).slice(1, -1) : value;
    const secret = match[1] !== undefined && Object.hasOwn(scope.secretValues, match[1]) ? { secret: match[1] } : {};
    substitutions?.push({
      from: out.length,
      to: out.length + inserted.length,
      typedFrom: match.index,
      typedTo: match.index + match[0].length,
      ...secret,
    });
    out += inserted;
    last = match.index + match[0].length;
  }
  return out + text.slice(last);
}

/** Follows string literals from `from` to `to`: unescaped quotes toggle, a backslash skips one character. */
function scanQuotes(text: string, from: number, to: number, inside: boolean): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\\' && inside) i++;
    else if (c === '"') inside = !inside;
  }
  return inside;
}

/**
 * A text to show or log with each secret value replaced by its `{{name}}`, as written and as escaped
 * inside a JSON string; longer values first, so one secret inside another is hidden whole.
 */
export function hideSecretValues(text: string, secrets: Iterable<[name: string, value: string]>): string {
  const forms: Array<{ name: string; form: string }> = [];
  for (const [name, value] of secrets) {
    if (value === '') continue;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) forms.push({ name, form });
  }
  forms.sort((a, b) => b.form.length - a.form.length);
  let out = text;
  for (const { name, form } of forms) out = out.split(form).join(`{{${name}}}`);
  return out;
}

/** Resolves metadata values (keys stay as written); `what` names a row in the surface's words, e.g. `header` or `metadata`. */
export function resolveMetadata<T extends { key: string; value: string }>(entries: T[], scope: VariableScope, what = 'metadata'): T[] {
  return entries.map((entry) => ({ ...entry, value: resolveText(entry.value, `${what} "${entry.key}"`, scope) }));
}

/** The scope with every secret standing for itself as `{{name}}`, for text that leaves the call (a copied command). */
export function withSecretsHidden(scope: VariableScope): VariableScope {
  const hidden = Object.fromEntries(scope.secrets.map((name) => [name, `{{${name}}}`]));
  return { ...scope, secretValues: hidden };
}
