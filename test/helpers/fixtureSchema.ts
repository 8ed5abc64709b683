// The test schema: calltest.protoset, compiled from calltest.proto by protoc so it is what a real build emits.
// Regenerate with: protoc -I test/fixtures -I /usr/include --include_imports \
//   --descriptor_set_out=test/fixtures/calltest.protoset test/fixtures/calltest.proto
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import type { MethodInfo } from '../../src/ipc/types';

export const PROTOSET = path.resolve(__dirname, '../fixtures/calltest.protoset');
export const PROTO = path.resolve(__dirname, '../fixtures/calltest.proto');

export function fixtureRegistry(): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(PROTOSET)));
}

/** MethodInfo for a Probe method, built from the registry the way a schema loader does. */
export function probeMethod(name: string, registry: FileRegistry = fixtureRegistry()): MethodInfo {
  const service = registry.getService('calltest.v1.Probe')!;
  const method = service.methods.find((m) => m.name === name);
  if (!method) throw new Error(`no method ${name}`);
  return {
    name,
    fullName: `${service.typeName}.${name}`,
    path: `/${service.typeName}/${name}`,
    requestType: method.input.typeName,
    responseType: method.output.typeName,
    clientStreaming: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    serverStreaming: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
  };
}
