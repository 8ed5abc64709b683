// Two kinds of value the library writes slowly, which dominate streams: bytes (base64 in JavaScript, about
// ten times slower than Node's Buffer) and Timestamps (a Date and toISOString each). They are lifted out of
// the message before toJson and written back into its output, with Buffer and timestamp.ts, in the same
// places and the same field order. Wrappers, Any and repeated or oneof Timestamps keep the library's path.
// What to write back is plain data, not closures: this runs for every message of a stream.
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { timestampJson } from './timestamp';

type Fields = Record<string, unknown>;

/** One thing to write into a message's JSON, under the field's JSON name. */
type Lifted =
  | { kind: 'value'; name: string; value: unknown }
  | { kind: 'message'; name: string; lifted: Lifted[] }
  | { kind: 'list'; name: string; lifted: Lifted[][] }
  | { kind: 'map'; name: string; lifted: Array<[string, Lifted[]]> }
  /** A Timestamp written back came last: put the keys in the fields' order again. */
  | { kind: 'order'; desc: DescMessage };

/** Stands in for every lifted bytes value: one byte encodes fast, and keeps the field where toJson puts it. */
const PLACEHOLDER = new Uint8Array(1);

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const isBytes = (field: DescField) =>
  (field.fieldKind === 'scalar' || field.fieldKind === 'list' || field.fieldKind === 'map') && field.scalar === ScalarType.BYTES;

const plainMessage = (desc: DescMessage | undefined): desc is DescMessage => !!desc && !desc.typeName.startsWith('google.protobuf.');

const isTimestamp = (field: DescField) =>
  field.fieldKind === 'message' && !field.oneof && field.message.typeName === 'google.protobuf.Timestamp';

/** Swaps the slow values in `message` (a decoded message of `desc`) and returns what to write back into its JSON. */
export function lift(desc: DescMessage, message: Fields): Lifted[] {
  const lifted: Lifted[] = [];
  let timestamps = false;
  for (const field of desc.fields) {
    const holder = (field.oneof ? message[field.oneof.localName] : message) as Fields & { case?: string };
    const valueKey = field.oneof ? (holder.case === field.localName ? 'value' : undefined) : field.localName;
    if (!valueKey) continue;
    const value = holder[valueKey];
    const name = field.jsonName;
    if (isBytes(field)) {
      if (field.fieldKind === 'scalar' && value instanceof Uint8Array && value.length > 0) {
        holder[valueKey] = PLACEHOLDER;
        lifted.push({ kind: 'value', name, value: toBase64(value) });
      } else if (field.fieldKind === 'list' && Array.isArray(value) && value.length > 0) {
        holder[valueKey] = value.map(() => PLACEHOLDER);
        lifted.push({ kind: 'value', name, value: (value as Uint8Array[]).map(toBase64) });
      } else if (field.fieldKind === 'map' && value && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, Uint8Array>);
        if (entries.length === 0) continue;
        holder[valueKey] = Object.fromEntries(entries.map(([k]) => [k, PLACEHOLDER]));
        lifted.push({ kind: 'value', name, value: Object.fromEntries(entries.map(([k, v]) => [k, toBase64(v)])) });
      }
    } else if (isTimestamp(field) && value && typeof value === 'object') {
      const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
      const text = typeof seconds === 'bigint' && typeof nanos === 'number' ? timestampJson(seconds, nanos) : undefined;
      if (text === undefined) continue;
      // Unset, toJson leaves the field out; it is written back at the end, then moved to its place.
      holder[valueKey] = undefined;
      lifted.push({ kind: 'value', name, value: text });
      timestamps = true;
    } else if (field.fieldKind === 'message' && plainMessage(field.message) && value && typeof value === 'object') {
      const inner = lift(field.message, value as Fields);
      if (inner.length) lifted.push({ kind: 'message', name, lifted: inner });
    } else if (field.fieldKind === 'list' && field.listKind === 'message' && plainMessage(field.message) && Array.isArray(value)) {
      const inner = value.map((item) => lift(field.message as DescMessage, item as Fields));
      if (inner.some((list) => list.length)) lifted.push({ kind: 'list', name, lifted: inner });
    } else if (
      field.fieldKind === 'map' &&
      field.mapKind === 'message' &&
      plainMessage(field.message) &&
      value &&
      typeof value === 'object'
    ) {
      const inner = Object.entries(value as Record<string, Fields>).map(
        ([k, v]) => [k, lift(field.message as DescMessage, v)] as [string, Lifted[]],
      );
      if (inner.some(([, list]) => list.length)) lifted.push({ kind: 'map', name, lifted: inner });
    }
  }
  if (timestamps) lifted.push({ kind: 'order', desc });
  return lifted;
}

/** Writes the lifted values into the JSON that toJson made of the emptied message; returns that JSON. */
export function restore(json: unknown, lifted: Lifted[]): unknown {
  if (!json || typeof json !== 'object') return json;
  let out = json as Fields;
  for (const entry of lifted) {
    switch (entry.kind) {
      case 'value':
        out[entry.name] = entry.value;
        break;
      case 'message':
        out[entry.name] = restore(out[entry.name], entry.lifted);
        break;
      case 'list': {
        const items = out[entry.name] as unknown[];
        entry.lifted.forEach((list, i) => (items[i] = restore(items[i], list)));
        break;
      }
      case 'map': {
        const items = out[entry.name] as Fields;
        for (const [key, list] of entry.lifted) items[key] = restore(items[key], list);
        break;
      }
      case 'order':
        out = inFieldOrder(entry.desc, out);
        break;
    }
  }
  return out;
}

/**
 * The same object when its keys already follow the fields' order, else a copy that does. A new object
 * rather than deleting and adding keys, which makes V8 keep it as a slow dictionary. Keys that are not
 * fields (extensions) stay after the fields, as toJson puts them.
 */
function inFieldOrder(desc: DescMessage, out: Fields): Fields {
  const keys = Object.keys(out);
  let index = 0;
  let inOrder = true;
  for (const field of desc.fields) if (field.jsonName in out) inOrder &&= keys[index++] === field.jsonName;
  if (inOrder) return out;
  const ordered: Fields = {};
  for (const field of desc.fields) if (field.jsonName in out) ordered[field.jsonName] = out[field.jsonName];
  for (const key of keys) if (!(key in ordered)) ordered[key] = out[key];
  return ordered;
}
