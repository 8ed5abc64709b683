// Metadata in both directions: user entries to grpc-js Metadata, and grpc-js Metadata to plain records.
import * as grpc from '@grpc/grpc-js';
import { IpcError } from '../errors';
import type { MetadataEntry } from '../types';

const base64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Headers that HTTP/2 or gRPC itself sets; grpc-js drops or overrides them, so a user's value would be lost. */
const RESERVED = new Set(['content-type', 'te', 'host', 'connection', 'transfer-encoding', 'upgrade', 'keep-alive', 'proxy-connection']);

function reservedReason(key: string): string | undefined {
  if (key === 'grpc-timeout') return 'the deadline travels in it';
  if (key.startsWith('grpc-')) return 'keys starting with "grpc-" are reserved by gRPC';
  if (key.startsWith(':')) return 'keys starting with ":" are HTTP/2 pseudo-headers';
  if (RESERVED.has(key)) return 'HTTP/2 and gRPC set it themselves';
  return undefined;
}

/** Builds request metadata; `-bin` values are base64 text and travel as bytes. */
export function toGrpcMetadata(entries: MetadataEntry[] = []): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const entry of entries) {
    const key = entry.key.trim().toLowerCase();
    const shown = entry.secret ? '(secret)' : JSON.stringify(entry.value);
    const reserved = reservedReason(key);
    if (reserved)
      throw new IpcError(
        'usage',
        `Metadata "${key}" is reserved and would not be sent: ${reserved}.`,
        key === 'grpc-timeout' ? 'Remove that header and set {deadline} instead.' : 'Remove that header; use a key of your own.',
      );
    try {
      if (key.endsWith('-bin')) {
        const text = entry.value.trim();
        if (!base64.test(text)) throw new Error(`the value ${shown} is not base64`);
        metadata.add(key, Buffer.from(text, 'base64'));
      } else {
        metadata.add(key, entry.value);
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new IpcError(
        'usage',
        `Metadata "${key}" cannot be sent: ${entry.secret ? 'its value is not valid' : reason}.`,
        'Keys are lowercase letters, digits, "-", "_" and "."; values of keys ending in -bin are base64, others printable ASCII.',
      );
    }
  }
  return metadata;
}

/** Received metadata as a record of value lists; `-bin` values become base64 text. */
export function metadataToRecord(metadata: grpc.Metadata | undefined): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  if (!metadata) return record;
  for (const [key, values] of Object.entries(metadata.toJSON())) {
    record[key] = values.map((value) => (typeof value === 'string' ? value : Buffer.from(value).toString('base64')));
  }
  return record;
}
