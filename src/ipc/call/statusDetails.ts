// The rich error model: a server may put a serialized google.rpc.Status in the `grpc-status-details-bin`
// trailer, whose `details` are Any messages (BadRequest, ErrorInfo, RetryInfo, ...). They are decoded
// with the google/rpc protos the product ships; details of other types are looked up in the call's own
// schema, and kept as bytes when neither knows them.
import { create, fromBinary, fromJson, toBinary, toJson, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { anyPack, anyUnpack, AnySchema } from '@bufbuild/protobuf/wkt';
import type { StatusDetail, StatusDetails } from '../../shared/errorDetails';
import { protosDir } from '../protos';
import { buildRegistry, decodeFileDescriptor } from '../schema/descriptors';
import { parseProtoFiles } from '../schema/protoFiles';

export type { StatusDetail, StatusDetails } from '../../shared/errorDetails';

/** The trailer that carries the serialized google.rpc.Status. */
export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';

const RPC_FILES = ['google/rpc/status.proto', 'google/rpc/error_details.proto'];

let rpcRegistry: Registry | undefined;

/** The google.rpc types, parsed from the shipped protos on first use (most calls never need them). */
export function errorModelRegistry(): Registry {
  rpcRegistry ??= buildRegistry(
    parseProtoFiles(RPC_FILES, [protosDir()]).map((blob) => decodeFileDescriptor(blob)),
    'the google.rpc protos',
  );
  return rpcRegistry;
}

function statusType(): DescMessage {
  const desc = errorModelRegistry().getMessage('google.rpc.Status');
  if (!desc) throw new Error('google.rpc.Status is missing from the shipped protos.');
  return desc;
}

/** Looks a type up in the google.rpc types first, then in the call's schema. */
function lookup(typeName: string, schema?: Registry): DescMessage | undefined {
  return errorModelRegistry().getMessage(typeName) ?? schema?.getMessage(typeName);
}

/** Decodes a serialized google.rpc.Status. A malformed one yields `problem` instead of throwing. */
export function decodeStatusDetails(bytes: Uint8Array, schema?: Registry): StatusDetails {
  let status;
  try {
    status = fromBinary(statusType(), bytes) as unknown as {
      code: number;
      message: string;
      details: Array<{ typeUrl: string; value: Uint8Array }>;
    };
  } catch (error) {
    return { code: 0, message: '', details: [], problem: `not a google.rpc.Status (${(error as Error).message})` };
  }
  return { code: status.code, message: status.message, details: status.details.map((any) => decodeDetail(any, schema)) };
}

function decodeDetail(any: { typeUrl: string; value: Uint8Array }, schema?: Registry): StatusDetail {
  const type = any.typeUrl.slice(any.typeUrl.lastIndexOf('/') + 1);
  const desc = lookup(type, schema);
  const raw = { type, base64: Buffer.from(any.value).toString('base64') };
  if (!desc) return raw;
  try {
    const message = anyUnpack(create(AnySchema, any), desc);
    if (!message) return raw;
    const json = toJson(desc, message, { registry: errorModelRegistry() });
    return { type, json: (json ?? {}) as Record<string, unknown> };
  } catch {
    return raw; // the bytes do not match the type they claim
  }
}

/** The decoded details of a call's trailers (as metadataToRecord gives them), if the server sent any. */
export function statusDetailsFromTrailers(trailers: Record<string, string[]>, schema?: Registry): StatusDetails | undefined {
  const value = trailers[STATUS_DETAILS_TRAILER]?.[0];
  if (value === undefined) return undefined;
  return decodeStatusDetails(Buffer.from(value, 'base64'), schema);
}

/**
 * Serializes a google.rpc.Status from JSON whose details are Any JSON (`{"@type": "type.googleapis.com/google.rpc.BadRequest", ...}`),
 * for servers such as the demo that send details.
 */
export function encodeStatusDetails(status: { code: number; message: string; details: JsonValue[] }): Uint8Array {
  const registry = errorModelRegistry();
  const details = status.details.map((detail) => {
    const typeUrl = String((detail as { '@type'?: unknown })['@type'] ?? '');
    const desc = lookup(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
    if (!desc) throw new Error(`Unknown detail type ${typeUrl}.`);
    const { '@type': _type, ...fields } = detail as Record<string, JsonValue>;
    return anyPack(desc, fromJson(desc, fields, { registry }));
  });
  return toBinary(statusType(), create(statusType(), { code: status.code, message: status.message, details } as never));
}
