// Builds a request template from a message schema: every field present with its proto3 default,
// so the template itself is valid request JSON. What JSON cannot say (enum values, the other
// members of a oneof, element shapes) goes into a list of hints keyed by JSON path.
import { type DescField, type DescMessage, ScalarType } from '@bufbuild/protobuf';

/** A note on one field of the template. */
export interface TemplateHint {
  /** JSON path like `$.items` or `$.config.mode`. */
  path: string;
  text: string;
}

/** A request template: the value, its pretty text and the hints. */
export interface RequestTemplate {
  json: unknown;
  text: string;
  hints: TemplateHint[];
}

/** How deep nested messages are expanded; recursive types stop here (or at the first repeat). */
const MAX_DEPTH = 6;

export function requestTemplate(message: DescMessage): RequestTemplate {
  const hints: TemplateHint[] = [];
  const json = messageTemplate(message, '$', hints, [message.typeName]);
  return { json, text: JSON.stringify(json, null, 2), hints };
}

function messageTemplate(message: DescMessage, path: string, hints: TemplateHint[], seen: string[]): unknown {
  const wellKnown = wellKnownTemplate(message.typeName);
  if (wellKnown !== undefined) {
    hints.push({ path, text: `${message.typeName}: ${wellKnown.note}` });
    return wellKnown.value;
  }
  const out: Record<string, unknown> = {};
  for (const field of message.fields) {
    if (field.oneof && field.oneof.fields[0] !== field) continue;
    const name = jsonName(field);
    const fieldPath = `${path}.${name}`;
    if (field.oneof) {
      const others = field.oneof.fields.slice(1).map(jsonName);
      if (others.length > 0)
        hints.push({ path: fieldPath, text: `oneof ${field.oneof.name}: set only one of ${[name, ...others].join(', ')}` });
    }
    // protobufjs-built descriptors leave proto3_optional unset but keep the synthetic `_name` oneof.
    const optional = field.proto.proto3Optional || (field.oneof?.fields.length === 1 && field.oneof.name === `_${field.name}`);
    if (optional) hints.push({ path: fieldPath, text: 'optional: delete the line to leave it unset' });
    out[name] = fieldTemplate(field, fieldPath, hints, seen);
  }
  return out;
}

function fieldTemplate(field: DescField, path: string, hints: TemplateHint[], seen: string[]): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      noteScalar(field.scalar, path, hints);
      return scalarDefault(field.scalar);
    case 'enum':
      hints.push({ path, text: `enum ${field.enum.name}: ${field.enum.values.map((value) => value.name).join(' | ')}` });
      return field.enum.values[0]?.name ?? 0;
    case 'message':
      return nested(field.message, path, hints, seen);
    case 'list': {
      const element =
        field.listKind === 'message'
          ? compact(nested(field.message, `${path}[0]`, [], seen))
          : field.listKind === 'enum'
            ? `one of ${field.enum.values.map((value) => value.name).join(' | ')}`
            : compact(scalarDefault(field.scalar));
      hints.push({ path, text: `repeated; each item like ${element}` });
      return [];
    }
    case 'map': {
      const valueShape =
        field.mapKind === 'message'
          ? compact(nested(field.message, `${path}[*]`, [], seen))
          : field.mapKind === 'enum'
            ? field.enum.name
            : ScalarType[field.scalar].toLowerCase();
      hints.push({ path, text: `map of ${ScalarType[field.mapKey].toLowerCase()} keys (as JSON strings) to ${valueShape}` });
      return {};
    }
  }
}

/**
 * The field's JSON name. Descriptors built by protobufjs (proto-loader, grpc-js reflection) leave
 * json_name empty where protoc fills it in; the registry then accepts only the proto field name,
 * which every proto3 JSON parser accepts too, so that is the one to use.
 */
function jsonName(field: DescField): string {
  return field.jsonName || field.name;
}

function nested(message: DescMessage, path: string, hints: TemplateHint[], seen: string[]): unknown {
  if (seen.includes(message.typeName) || seen.length >= MAX_DEPTH) {
    hints.push({ path, text: `${message.typeName} (recursive or deep; left empty)` });
    return wellKnownTemplate(message.typeName)?.value ?? {};
  }
  return messageTemplate(message, path, hints, [...seen, message.typeName]);
}

function scalarDefault(scalar: ScalarType): unknown {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return '';
    case ScalarType.BOOL:
      return false;
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      // Canonical proto3 JSON writes 64-bit integers as strings.
      return '0';
    default:
      return 0;
  }
}

function noteScalar(scalar: ScalarType, path: string, hints: TemplateHint[]): void {
  if (scalar === ScalarType.BYTES) hints.push({ path, text: 'bytes, as base64' });
  else if (typeof scalarDefault(scalar) === 'string' && scalar !== ScalarType.STRING)
    hints.push({ path, text: `${ScalarType[scalar].toLowerCase()}, as a decimal string` });
}

/** Well-known types have their own JSON forms. */
function wellKnownTemplate(typeName: string): { value: unknown; note: string } | undefined {
  switch (typeName) {
    case 'google.protobuf.Timestamp':
      return { value: '1970-01-01T00:00:00Z', note: 'RFC 3339 time' };
    case 'google.protobuf.Duration':
      return { value: '0s', note: 'seconds with an "s" suffix, e.g. "1.5s"' };
    case 'google.protobuf.FieldMask':
      return { value: '', note: 'comma-separated field paths' };
    case 'google.protobuf.Struct':
      return { value: {}, note: 'any JSON object' };
    case 'google.protobuf.Value':
      return { value: null, note: 'any JSON value' };
    case 'google.protobuf.ListValue':
      return { value: [], note: 'any JSON array' };
    case 'google.protobuf.Empty':
      return { value: {}, note: 'always {}' };
    case 'google.protobuf.Any':
      return { value: {}, note: 'an object with "@type" and the fields of that type' };
    case 'google.protobuf.StringValue':
    case 'google.protobuf.BytesValue':
      return { value: '', note: 'the wrapped value, or null' };
    case 'google.protobuf.BoolValue':
      return { value: false, note: 'the wrapped value, or null' };
    case 'google.protobuf.Int64Value':
    case 'google.protobuf.UInt64Value':
      return { value: '0', note: 'the wrapped value as a string, or null' };
    case 'google.protobuf.Int32Value':
    case 'google.protobuf.UInt32Value':
    case 'google.protobuf.FloatValue':
    case 'google.protobuf.DoubleValue':
      return { value: 0, note: 'the wrapped value, or null' };
    default:
      return undefined;
  }
}

function compact(value: unknown): string {
  return JSON.stringify(value);
}
