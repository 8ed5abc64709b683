// Finds each problem in request JSON together with its JSON path. The protobuf library checks values but
// names only the field, so we walk the JSON alongside the message descriptor and let the library judge
// one field at a time.
import { fromJson, ScalarType, type DescEnum, type DescField, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { hasCustomJsonRepresentation } from '@bufbuild/protobuf/wkt';
import { enumExpectation, wellKnownExpectation } from './expected';

/** One problem in request JSON, located by a JSON path like `$.items[2].name`. */
export interface JsonIssue {
  path: string;
  message: string;
}

const int64Kinds = new Set([ScalarType.INT64, ScalarType.UINT64, ScalarType.SINT64, ScalarType.FIXED64, ScalarType.SFIXED64]);

/** Every issue in `value` as a `desc` message; empty when the library will accept it. */
export function findJsonIssues(registry: Registry, desc: DescMessage, value: unknown, path = '$'): JsonIssue[] {
  const issues: JsonIssue[] = [];
  walkMessage(registry, desc, value, path, issues);
  return issues;
}

/** How deep messages may nest, as protobuf's own parsers allow; deeper input is refused, not walked. */
export const MAX_NESTING = 100;
let nesting = 0;

function walkMessage(registry: Registry, desc: DescMessage, value: unknown, path: string, issues: JsonIssue[]): void {
  if (nesting >= MAX_NESTING) {
    issues.push({ path, message: `messages nest deeper than ${MAX_NESTING} levels here; protobuf parsers refuse such input` });
    return;
  }
  nesting++;
  try {
    walkMessageFields(registry, desc, value, path, issues);
  } finally {
    nesting--;
  }
}

function walkMessageFields(registry: Registry, desc: DescMessage, value: unknown, path: string, issues: JsonIssue[]): void {
  if (hasCustomJsonRepresentation(desc)) return walkWellKnown(registry, desc, value, path, issues);
  if (!isPlainObject(value)) {
    issues.push({ path, message: `expected an object for ${desc.typeName}, got ${describe(value)}` });
    return;
  }
  const oneofSeen = new Map<string, string>();
  for (const [key, child] of Object.entries(value)) {
    const childPath = pathOf(path, key);
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    if (!field && key.startsWith('[') && key.endsWith(']')) {
      check(registry, desc, { [key]: child }, childPath, issues); // an extension; the library resolves it
      continue;
    }
    if (!field) {
      issues.push({ path: childPath, message: `unknown field "${key}" in ${desc.typeName}; known fields: ${knownFields(desc)}` });
      continue;
    }
    if (child === null) continue; // null means "not set" for every field kind
    if (field.oneof) {
      const earlier = oneofSeen.get(field.oneof.name);
      if (earlier) {
        issues.push({ path: childPath, message: `oneof "${field.oneof.name}" is already set by "${earlier}"; set only one of its fields` });
        continue;
      }
      oneofSeen.set(field.oneof.name, key);
    }
    walkField(registry, desc, field, key, child, childPath, issues);
  }
}

function walkField(
  registry: Registry,
  desc: DescMessage,
  field: DescField,
  key: string,
  value: unknown,
  path: string,
  issues: JsonIssue[],
): void {
  switch (field.fieldKind) {
    case 'message':
      return walkMessage(registry, field.message, value, path, issues);
    case 'scalar':
      return check(registry, desc, { [key]: value }, path, issues, field.scalar, value);
    case 'enum':
      return explainEnum(field.enum, value, issues, () => check(registry, desc, { [key]: value }, path, issues));
    case 'list':
      if (!Array.isArray(value)) {
        issues.push({ path, message: `expected an array, got ${describe(value)}` });
        return;
      }
      value.forEach((item, index) => {
        const itemPath = `${path}[${index}]`;
        if (item === null) issues.push({ path: itemPath, message: 'a list item must not be null' });
        else if (field.listKind === 'message') walkMessage(registry, field.message, item, itemPath, issues);
        else if (field.listKind === 'enum')
          explainEnum(field.enum, item, issues, () => check(registry, desc, { [key]: [item] }, itemPath, issues));
        else check(registry, desc, { [key]: [item] }, itemPath, issues, field.scalar, item);
      });
      return;
    case 'map':
      if (!isPlainObject(value)) {
        issues.push({ path, message: `expected an object (a map), got ${describe(value)}` });
        return;
      }
      for (const [mapKey, entry] of Object.entries(value)) {
        const entryPath = pathOf(path, mapKey);
        if (entry === null) {
          issues.push({ path: entryPath, message: 'a map value must not be null' });
          continue;
        }
        const before = issues.length;
        if (field.mapKind === 'message') walkMessage(registry, field.message, entry, entryPath, issues);
        // Whatever the value walk did not explain (a bad key, say) the library reports for the entry.
        const checkEntry = () => check(registry, desc, { [key]: { [mapKey]: entry } }, entryPath, issues, field.scalar, entry);
        if (issues.length !== before) continue;
        if (field.mapKind === 'enum') explainEnum(field.enum, entry, issues, checkEntry);
        else checkEntry();
      }
      return;
  }
}

function walkWellKnown(registry: Registry, desc: DescMessage, value: unknown, path: string, issues: JsonIssue[]): void {
  if (desc.typeName === 'google.protobuf.Any' && isPlainObject(value) && typeof value['@type'] === 'string') {
    const inner = registry.getMessage(value['@type'].slice(value['@type'].lastIndexOf('/') + 1));
    if (inner && !hasCustomJsonRepresentation(inner)) {
      const { '@type': _type, ...fields } = value;
      return walkMessage(registry, inner, fields, path, issues);
    }
  }
  const wrapped = desc.fields[0];
  const scalar = desc.typeName.endsWith('Value') && wrapped?.fieldKind === 'scalar' ? wrapped.scalar : undefined;
  const before = issues.length;
  check(registry, desc, value, path, issues, scalar);
  const expected = wellKnownExpectation(desc.typeName);
  if (expected && issues.length > before) issues[issues.length - 1].message = `${expected}, got ${describe(value)}`;
}

/** Runs `checkValue`, then words its enum complaint as what was expected: the names, and the nearest one. */
function explainEnum(desc: DescEnum, value: unknown, issues: JsonIssue[], checkValue: () => void): void {
  const before = issues.length;
  checkValue();
  if (issues.length > before && (typeof value === 'string' || typeof value === 'number'))
    issues[issues.length - 1].message = enumExpectation(desc, value);
}

/**
 * Lets the library judge `json` as a `desc` message. Callers pass a message holding just one field (or one
 * list item, or one map entry) so that a failure belongs to exactly one path.
 */
function check(
  registry: Registry,
  desc: DescMessage,
  json: unknown,
  path: string,
  issues: JsonIssue[],
  scalar?: ScalarType,
  value: unknown = json,
): void {
  try {
    fromJson(desc, json as JsonValue, { registry });
  } catch (error) {
    issues.push({ path, message: libraryReason(error) });
    return;
  }
  // JSON.parse already rounded it, and the library would silently send the rounded number.
  if (
    scalar !== undefined &&
    int64Kinds.has(scalar) &&
    typeof value === 'number' &&
    Number.isInteger(value) &&
    !Number.isSafeInteger(value)
  )
    issues.push({ path, message: `${value} is beyond 2^53 and loses precision as a JSON number; quote 64-bit integers as strings` });
}

/** The library's reason without its "cannot decode field X from JSON:" prefix, since the path says where. */
export function libraryReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^cannot decode (?:field|message|enum|oneof) \S+ from JSON:?\s*/, '') || message;
}

export function pathOf(parent: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? `the string ${JSON.stringify(value)}` : `${typeof value} ${JSON.stringify(value)}`;
}

function knownFields(desc: DescMessage): string {
  const names = desc.fields.map((f) => f.jsonName);
  return names.length ? names.join(', ') : '(none)';
}
