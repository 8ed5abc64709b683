// The library writes bytes as base64 in JavaScript, about ten times slower than Node's Buffer, which
// dominates streams of binary payloads. So the bytes are lifted out of the message before toJson and
// written back into its output with Buffer, in the same places. Wrappers and Any keep the library's own path.
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';

type Fields = Record<string, unknown>;
type Lifted = { json: (out: Fields) => void };

/** Stands in for every lifted value: one byte encodes fast, and keeps the field where toJson puts it. */
const PLACEHOLDER = new Uint8Array(1);

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const isBytes = (field: DescField) =>
  (field.fieldKind === 'scalar' || field.fieldKind === 'list' || field.fieldKind === 'map') && field.scalar === ScalarType.BYTES;

const plainMessage = (desc: DescMessage | undefined): desc is DescMessage => !!desc && !desc.typeName.startsWith('google.protobuf.');

/** Swaps the bytes in `message` (a decoded message of `desc`) and returns how to put them back into its JSON. */
export function liftBytes(desc: DescMessage, message: Fields): Lifted[] {
  const lifted: Lifted[] = [];
  for (const field of desc.fields) {
    const key = field.oneof ? undefined : field.localName;
    const holder = field.oneof ? (message[field.oneof.localName] as { case?: string; value?: unknown }) : message;
    const valueKey = field.oneof ? (holder.case === field.localName ? 'value' : undefined) : key;
    if (!valueKey) continue;
    const value = (holder as Fields)[valueKey];
    if (isBytes(field)) {
      if (field.fieldKind === 'scalar' && value instanceof Uint8Array && value.length > 0) {
        (holder as Fields)[valueKey] = PLACEHOLDER;
        lifted.push({ json: (out) => (out[field.jsonName] = toBase64(value)) });
      } else if (field.fieldKind === 'list' && Array.isArray(value) && value.length > 0) {
        const items = value as Uint8Array[];
        (holder as Fields)[valueKey] = items.map(() => PLACEHOLDER);
        lifted.push({ json: (out) => (out[field.jsonName] = items.map(toBase64)) });
      } else if (field.fieldKind === 'map' && value && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, Uint8Array>);
        if (entries.length === 0) continue;
        (holder as Fields)[valueKey] = Object.fromEntries(entries.map(([k]) => [k, PLACEHOLDER]));
        lifted.push({ json: (out) => (out[field.jsonName] = Object.fromEntries(entries.map(([k, v]) => [k, toBase64(v)]))) });
      }
    } else if (field.fieldKind === 'message' && plainMessage(field.message) && value && typeof value === 'object') {
      const inner = liftBytes(field.message, value as Fields);
      if (inner.length) lifted.push({ json: (out) => restore(out[field.jsonName], inner) });
    } else if (field.fieldKind === 'list' && field.listKind === 'message' && plainMessage(field.message) && Array.isArray(value)) {
      const inner = value.map((item) => liftBytes(field.message as DescMessage, item as Fields));
      if (inner.some((list) => list.length))
        lifted.push({ json: (out) => (out[field.jsonName] as unknown[]).forEach((item, i) => restore(item, inner[i])) });
    } else if (
      field.fieldKind === 'map' &&
      field.mapKind === 'message' &&
      plainMessage(field.message) &&
      value &&
      typeof value === 'object'
    ) {
      const inner = Object.entries(value as Record<string, Fields>).map(
        ([k, v]) => [k, liftBytes(field.message as DescMessage, v)] as const,
      );
      if (inner.some(([, list]) => list.length))
        lifted.push({ json: (out) => inner.forEach(([k, list]) => restore((out[field.jsonName] as Record<string, unknown>)[k], list)) });
    }
  }
  return lifted;
}

/** Writes the lifted bytes into the JSON that toJson made of the emptied message. */
export function restore(json: unknown, lifted: Lifted[]): void {
  if (json && typeof json === 'object') for (const entry of lifted) entry.json(json as Fields);
}
