// Turns a request message's descriptor into a JSON Schema of its canonical proto3 JSON form, for an
// editor's completion and hover: 64-bit integers as strings, bytes as base64, enums by name and the
// well-known types in their JSON forms. The core's validator stays the judge of what may be sent.
import { ScalarType, type DescEnum, type DescField, type DescMessage, type Registry } from '@bufbuild/protobuf';
import { commentsOf } from './comments';

/** A JSON Schema (draft-07) object; `x-proto-type` names the proto type for hover and completion. */
export type JsonSchema = { [keyword: string]: unknown };

/** The proto type of a schema node, as hover shows it. */
export const PROTO_TYPE = 'x-proto-type';

const INT64 = new Set([ScalarType.INT64, ScalarType.SINT64, ScalarType.SFIXED64]);
const UINT64 = new Set([ScalarType.UINT64, ScalarType.FIXED64]);
const INT32 = new Set([ScalarType.INT32, ScalarType.SINT32, ScalarType.SFIXED32]);
const UINT32 = new Set([ScalarType.UINT32, ScalarType.FIXED32]);
const BASE64 = '^[A-Za-z0-9+/_-]*={0,2}$';

/**
 * The schema of `message`. Messages are inlined so that each field keeps its own comment; a message that
 * contains itself refers back through `definitions` instead.
 */
export function messageJsonSchema(message: DescMessage, typeUrls: string[] = []): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  const root = messageSchema(message, [], definitions, typeUrls);
  return Object.keys(definitions).length > 0 ? { ...root, definitions } : root;
}

function messageSchema(message: DescMessage, stack: string[], definitions: Record<string, JsonSchema>, typeUrls: string[]): JsonSchema {
  const known = wellKnownSchema(message, typeUrls);
  if (known) return { ...known, [PROTO_TYPE]: message.typeName, ...describe(commentsOf(message)) };
  if (stack.includes(message.typeName)) {
    // Recursive: define once, refer to it.
    if (!definitions[message.typeName]) {
      definitions[message.typeName] = {};
      definitions[message.typeName] = messageSchema(message, [], definitions, typeUrls);
    }
    return { $ref: `#/definitions/${message.typeName}`, [PROTO_TYPE]: message.typeName };
  }
  const inner = [...stack, message.typeName];
  const properties: Record<string, JsonSchema> = {};
  for (const field of message.fields) properties[jsonName(field)] = fieldSchema(field, inner, definitions, typeUrls);
  return {
    type: 'object',
    [PROTO_TYPE]: message.typeName,
    ...describe(commentsOf(message)),
    properties,
    additionalProperties: false,
  };
}

function fieldSchema(field: DescField, stack: string[], definitions: Record<string, JsonSchema>, typeUrls: string[]): JsonSchema {
  const comment = commentsOf(field);
  const oneof =
    field.oneof && !isSyntheticOneof(field)
      ? `oneof ${field.oneof.name}: set only one of ${field.oneof.fields.map(jsonName).join(', ')}`
      : '';
  const notes = [comment, oneof, jsonFormNote(field)].filter(Boolean).join('\n\n');
  let schema: JsonSchema;
  let protoType: string;
  switch (field.fieldKind) {
    case 'scalar':
      schema = scalarSchema(field.scalar);
      protoType = scalarName(field.scalar);
      break;
    case 'enum':
      schema = enumSchema(field.enum);
      protoType = field.enum.typeName;
      break;
    case 'message':
      schema = messageSchema(field.message, stack, definitions, typeUrls);
      protoType = field.message.typeName;
      break;
    case 'list': {
      const item =
        field.listKind === 'scalar'
          ? scalarSchema(field.scalar)
          : field.listKind === 'enum'
            ? enumSchema(field.enum)
            : messageSchema(field.message, stack, definitions, typeUrls);
      const itemType =
        field.listKind === 'scalar' ? scalarName(field.scalar) : field.listKind === 'enum' ? field.enum.typeName : field.message.typeName;
      schema = { type: 'array', items: item };
      protoType = `repeated ${itemType}`;
      break;
    }
    case 'map': {
      const value =
        field.mapKind === 'scalar'
          ? scalarSchema(field.scalar)
          : field.mapKind === 'enum'
            ? enumSchema(field.enum)
            : messageSchema(field.message, stack, definitions, typeUrls);
      const valueType =
        field.mapKind === 'scalar' ? scalarName(field.scalar) : field.mapKind === 'enum' ? field.enum.typeName : field.message.typeName;
      schema = { type: 'object', additionalProperties: value, propertyNames: mapKeySchema(field.mapKey) };
      protoType = `map<${scalarName(field.mapKey)}, ${valueType}>`;
      break;
    }
  }
  return { ...schema, [PROTO_TYPE]: protoType, ...describe(notes || commentsOf(schemaOwner(field))) };
}

/** What the JSON form of a field looks like where it is not what a reader would guess. */
function jsonFormNote(field: DescField): string {
  const scalar = field.fieldKind === 'scalar' || (field.fieldKind === 'list' && field.listKind === 'scalar') ? field.scalar : undefined;
  const notes: string[] = [];
  if (scalar !== undefined && (INT64.has(scalar) || UINT64.has(scalar))) notes.push('64-bit: a decimal string in JSON, e.g. "12"');
  if (scalar === ScalarType.BYTES) notes.push('bytes: base64 in JSON');
  if (field.fieldKind === 'map') notes.push(`map: keys are JSON strings (${scalarName(field.mapKey)})`);
  if (isSyntheticOneof(field)) notes.push('optional: leave it out to leave it unset');
  return notes.join('\n');
}

/** The message or enum a field refers to, whose comment stands in when the field has none. */
function schemaOwner(field: DescField): DescMessage | DescEnum | undefined {
  if (field.fieldKind === 'message') return field.message;
  if (field.fieldKind === 'enum') return field.enum;
  return undefined;
}

function describe(text: string): { description?: string } {
  return text ? { description: text } : {};
}

export function scalarSchema(scalar: ScalarType): JsonSchema {
  if (scalar === ScalarType.STRING) return { type: 'string' };
  if (scalar === ScalarType.BOOL) return { type: 'boolean' };
  if (scalar === ScalarType.BYTES) return { type: 'string', contentEncoding: 'base64', pattern: BASE64 };
  if (INT64.has(scalar)) return { type: 'string', pattern: '^-?[0-9]+$' };
  if (UINT64.has(scalar)) return { type: 'string', pattern: '^[0-9]+$' };
  if (INT32.has(scalar)) return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
  if (UINT32.has(scalar)) return { type: 'integer', minimum: 0, maximum: 4294967295 };
  // float and double: numbers, or the three special values as strings.
  return { anyOf: [{ type: 'number' }, { type: 'string', enum: ['NaN', 'Infinity', '-Infinity'] }] };
}

function enumSchema(desc: DescEnum): JsonSchema {
  if (desc.typeName === 'google.protobuf.NullValue') return { type: 'null' };
  return { type: 'string', enum: desc.values.map((value) => value.name) };
}

function mapKeySchema(key: ScalarType): JsonSchema {
  if (key === ScalarType.BOOL) return { enum: ['true', 'false'] };
  if (INT64.has(key) || INT32.has(key)) return { pattern: '^-?[0-9]+$' };
  if (UINT64.has(key) || UINT32.has(key)) return { pattern: '^[0-9]+$' };
  return {};
}

function scalarName(scalar: ScalarType): string {
  return ScalarType[scalar].toLowerCase();
}

const WRAPPERS: Record<string, ScalarType> = {
  'google.protobuf.DoubleValue': ScalarType.DOUBLE,
  'google.protobuf.FloatValue': ScalarType.FLOAT,
  'google.protobuf.Int64Value': ScalarType.INT64,
  'google.protobuf.UInt64Value': ScalarType.UINT64,
  'google.protobuf.Int32Value': ScalarType.INT32,
  'google.protobuf.UInt32Value': ScalarType.UINT32,
  'google.protobuf.BoolValue': ScalarType.BOOL,
  'google.protobuf.StringValue': ScalarType.STRING,
  'google.protobuf.BytesValue': ScalarType.BYTES,
};

/** The JSON forms of the well-known types, with an example each to complete from. */
function wellKnownSchema(message: DescMessage, typeUrls: string[]): JsonSchema | undefined {
  const wrapped = WRAPPERS[message.typeName];
  if (wrapped !== undefined) return { anyOf: [scalarSchema(wrapped), { type: 'null' }] };
  switch (message.typeName) {
    case 'google.protobuf.Timestamp':
      return {
        type: 'string',
        format: 'date-time',
        examples: ['1970-01-01T00:00:00Z'],
        description: 'RFC 3339 time, e.g. "2024-05-01T12:00:00Z"',
      };
    case 'google.protobuf.Duration':
      return {
        type: 'string',
        pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$',
        examples: ['1.5s'],
        description: 'seconds with an "s" suffix, e.g. "1.5s"',
      };
    case 'google.protobuf.FieldMask':
      return { type: 'string', description: 'comma-separated field paths in lowerCamelCase' };
    case 'google.protobuf.Struct':
      return { type: 'object', description: 'any JSON object' };
    case 'google.protobuf.Value':
      return { description: 'any JSON value' };
    case 'google.protobuf.ListValue':
      return { type: 'array', description: 'any JSON array' };
    case 'google.protobuf.Empty':
      return { type: 'object', properties: {}, additionalProperties: false };
    case 'google.protobuf.Any':
      return {
        // `{}` is an empty Any; anything more needs "@type".
        type: 'object',
        properties: {
          '@type': {
            type: 'string',
            [PROTO_TYPE]: 'type URL',
            ...(typeUrls.length > 0 ? { examples: typeUrls } : {}),
            description: 'type.googleapis.com/ and the full name of the message inside',
          },
        },
        description: 'an object with "@type" and the fields of that type',
      };
    default:
      return undefined;
  }
}

/** See template.ts: descriptors built by protobufjs may leave json_name empty. */
function jsonName(field: DescField): string {
  return field.jsonName || field.name;
}

function isSyntheticOneof(field: DescField): boolean {
  return Boolean(field.proto.proto3Optional || (field.oneof?.fields.length === 1 && field.oneof.name === `_${field.name}`));
}

/** Type URLs of the registry's own messages (not the well-known ones), as completions for an Any's "@type". */
export function anyTypeUrls(registry: Registry, limit = 200): string[] {
  const urls: string[] = [];
  for (const type of registry) {
    if (type.kind !== 'message' || type.typeName.startsWith('google.protobuf.')) continue;
    urls.push(`type.googleapis.com/${type.typeName}`);
    if (urls.length >= limit) break;
  }
  return urls;
}
