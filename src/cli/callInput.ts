// Request input for `grpc-ipc call`: -d JSON, -d @FILE, -d @- and -H headers.
import { promises as fs } from 'node:fs';
import { IpcError } from '../ipc/errors';
import { formatIssues, validateRequestJson, validateRequestValue, type SchemaTypes } from '../ipc/json/codec';
import type { MetadataEntry } from '../ipc/types';

/** Where request messages come from. */
export type RequestSource = { kind: 'none' } | { kind: 'text'; text: string; origin: string } | { kind: 'stdin' };

/** Reads -d's argument: inline JSON, @FILE, or @- for standard input (read later, as it arrives). */
export async function requestSource(data: string | undefined): Promise<RequestSource> {
  if (data === undefined) return { kind: 'none' };
  if (data === '@-') return { kind: 'stdin' };
  if (data.startsWith('@')) {
    const file = data.slice(1);
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (error) {
      throw new IpcError(
        'usage',
        `Cannot read request file ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
        'Give -d @path/to/request.json, or -d @- to read standard input.',
      );
    }
    return { kind: 'text', text: decodeUtf8(bytes, file), origin: file };
  }
  return { kind: 'text', text: data, origin: '-d' };
}

/**
 * Turns request text into messages. One JSON value (which may span lines) is one message; otherwise every
 * non-blank line is one message (NDJSON). Streaming methods also take a JSON array of messages. Blank text
 * is `{}` for single-request methods and no messages for streaming ones. Throws 'bad-request-json' naming
 * the line and the JSON path of each problem.
 */
export function parseRequestText(schema: SchemaTypes, typeName: string, text: string, origin: string, streaming: boolean): unknown[] {
  if (text.trim() === '') return streaming ? [] : [{}];
  if (streaming && text.trim().startsWith('[')) {
    const array = parseArray(text);
    if (array) {
      const issues = array.flatMap((item, index) => validateRequestValue(schema, typeName, item, `$[${index}]`));
      if (issues.length) throw badJson(typeName, `${origin}: ${formatIssues(issues)}`);
      return array;
    }
  }
  const whole = validateRequestJson(schema, typeName, text);
  if (whole.ok) return [whole.value];
  const lines = text
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
  if (lines.length < 2 || !looksLikeNdjson(lines.map(({ line }) => line)))
    throw badJson(typeName, `${origin}: ${formatIssues(whole.issues)}`);
  const messages: unknown[] = [];
  const problems: string[] = [];
  for (const { line, number } of lines) {
    const result = validateRequestJson(schema, typeName, line);
    if (result.ok) messages.push(result.value);
    else problems.push(`${origin} line ${number}: ${formatIssues(result.issues)}`);
  }
  if (problems.length) throw badJson(typeName, problems.join('; '));
  return messages;
}

function parseArray(text: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined; // not valid JSON: the checks below report where
  }
}

/** Checks one NDJSON line from standard input. */
export function parseRequestLine(schema: SchemaTypes, typeName: string, line: string, number: number): unknown {
  const result = validateRequestJson(schema, typeName, line);
  if (!result.ok) throw badJson(typeName, `stdin line ${number}: ${formatIssues(result.issues)}`);
  return result.value;
}

/** Text is NDJSON when its first line is a JSON value on its own (pretty-printed JSON starts with a bare "{"). */
function looksLikeNdjson(lines: string[]): boolean {
  try {
    JSON.parse(lines[0]);
    return true;
  } catch {
    return false;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Request bytes as text; invalid UTF-8 is refused rather than replaced with U+FFFD and sent. */
export function decodeUtf8(bytes: Uint8Array, origin: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const valid = Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))));
    throw new IpcError(
      'bad-request-json',
      `${origin} is not valid UTF-8 (the first bad byte is at offset ${valid}). Nothing was sent.`,
      'Save the request as UTF-8; JSON text must be UTF-8.',
    );
  }
}

function badJson(typeName: string, detail: string): IpcError {
  return new IpcError(
    'bad-request-json',
    `The request is not a valid ${typeName}: ${detail}.`,
    'Fix the fields named above; `grpc-ipc describe` shows the message shape. Nothing was sent.',
  );
}

/** Parses -H 'key: value'. */
export function parseHeader(text: string): MetadataEntry {
  const colon = text.indexOf(':');
  if (colon <= 0)
    throw new IpcError(
      'usage',
      `Header "${text}" is not "key: value".`,
      "Write -H 'x-token: abc' (keys ending in -bin take base64 values).",
    );
  return { key: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}
