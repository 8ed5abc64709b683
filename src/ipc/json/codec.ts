// Canonical proto3 JSON for requests and responses, printed the way grpcurl prints it: 64-bit integers as
// strings, enums by name, bytes as base64, Timestamp/Duration/wrappers/Any in their JSON forms.
import { fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { IpcError } from '../errors';
import { lift, restore } from './lift';
import { findJsonIssues, libraryReason, type JsonIssue } from './locate';
import { parseJsonText } from './syntax';

export type { JsonIssue } from './locate';

/** The part of a Schema the codec needs: the registry that resolves message types and Any. */
export type SchemaTypes = { registry: Registry };

/** How responses are printed. */
export interface DecodeOptions {
  /**
   * Also print fields that hold their default value (0, "", false, empty lists and maps). Off by default,
   * like grpcurl without -emit-defaults; a request builder turns it on to show every field.
   */
  emitDefaults?: boolean;
}

/** Request JSON that failed validation; `issues` locate each problem. */
export class RequestJsonError extends IpcError {
  constructor(
    readonly typeName: string,
    readonly issues: JsonIssue[],
  ) {
    super(
      'bad-request-json',
      `The request is not a valid ${typeName}: ${formatIssues(issues)}.`,
      'Fix the fields named above; `grpc-ipc describe` shows the message shape.',
    );
    this.name = 'RequestJsonError';
  }
}

/** Issues as one line: `$.a: reason; $.b: reason`. */
export function formatIssues(issues: JsonIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}

/** Looks a message type up in the schema, or says which schema lacks it. */
export function messageType(schema: SchemaTypes, typeName: string): DescMessage {
  const desc = schema.registry.getMessage(typeName.replace(/^\./, ''));
  if (!desc)
    throw new IpcError(
      'schema',
      `The message type ${typeName} is not in the schema.`,
      'Load the .proto or protoset that defines it, or check the name.',
    );
  return desc;
}

/**
 * Checks request text before anything is sent: JSON syntax (with line and column), unknown fields, wrong
 * types and out-of-range numbers, each with the JSON path of the bad field. Blank text means `{}`.
 */
export function validateRequestJson(
  schema: SchemaTypes,
  typeName: string,
  text: string,
): { ok: true; value: unknown } | { ok: false; issues: JsonIssue[] } {
  const desc = messageType(schema, typeName);
  const parsed = parseJsonText(text.trim() === '' ? '{}' : text);
  if (!parsed.ok)
    return {
      ok: false,
      issues: [{ path: '$', message: `invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}` }],
    };
  const issues = validateValue(schema.registry, desc, parsed.value);
  return issues.length ? { ok: false, issues } : { ok: true, value: parsed.value };
}

/** Encodes one request message; throws RequestJsonError (code 'bad-request-json') naming each bad field. */
export function encodeRequest(schema: SchemaTypes, typeName: string, json: unknown): Uint8Array {
  const desc = messageType(schema, typeName);
  const issues = findJsonIssues(schema.registry, desc, json, '$');
  if (issues.length) throw new RequestJsonError(desc.typeName, issues);
  // One library pass both checks what the walk cannot and builds the message to send.
  let message;
  try {
    message = fromJson(desc, json as JsonValue, { registry: schema.registry });
  } catch (error) {
    throw new RequestJsonError(desc.typeName, [{ path: '$', message: libraryReason(error) }]);
  }
  return toBinary(desc, message);
}

/** Decodes one response message to canonical proto3 JSON. */
export function decodeResponse(schema: SchemaTypes, typeName: string, bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  const desc = messageType(schema, typeName);
  const message = fromBinary(desc, bytes);
  const lifted = lift(desc, message as unknown as Record<string, unknown>);
  const json = restore(toJson(desc, message, { registry: schema.registry, alwaysEmitImplicit: options.emitDefaults ?? false }), lifted);
  return mayHoldAny(desc) ? typeFirst(json) : json;
}

/** Checks an already parsed request; `path` names where it sits, e.g. `$[2]` for an item of an array. */
export function validateRequestValue(schema: SchemaTypes, typeName: string, value: unknown, path = '$'): JsonIssue[] {
  return validateValue(schema.registry, messageType(schema, typeName), value, path);
}

function validateValue(registry: Registry, desc: DescMessage, value: unknown, path = '$'): JsonIssue[] {
  const issues = findJsonIssues(registry, desc, value, path);
  if (issues.length) return issues;
  // The walk mirrors the library's rules; anything it missed (nesting depth, say) still gets reported.
  try {
    fromJson(desc, value as JsonValue, { registry });
    return [];
  } catch (error) {
    return [{ path, message: libraryReason(error) }];
  }
}

const holdsAny = new WeakMap<DescMessage, boolean>();

/** Whether `desc` can contain an Any anywhere below it; cached, since it is asked once per response. */
function mayHoldAny(desc: DescMessage, visiting = new Set<DescMessage>()): boolean {
  const known = holdsAny.get(desc);
  if (known !== undefined) return known;
  if (visiting.has(desc)) return false;
  visiting.add(desc);
  const result =
    desc.typeName === 'google.protobuf.Any' ||
    desc.fields.some((field) => field.message !== undefined && mayHoldAny(field.message, visiting));
  if (visiting.size === 1) holdsAny.set(desc, result);
  visiting.delete(desc);
  return result;
}

/** Puts "@type" first in each Any, as grpcurl prints it, so a reader sees the type before its fields. */
function typeFirst(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(typeFirst);
  if (typeof json !== 'object' || json === null) return json;
  const record = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if ('@type' in record) out['@type'] = record['@type'];
  for (const [key, value] of Object.entries(record)) if (key !== '@type') out[key] = typeFirst(value);
  return out;
}
