// The test schema: calltest.protoset, compiled from calltest.proto by protoc so it is what a real build emits.
// Regenerate with: protoc -I test/ipc/fixtures -I /usr/include --include_imports \
//   --descriptor_set_out=test/ipc/fixtures/calltest.protoset test/ipc/fixtures/calltest.proto
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';

export const PROTOSET = path.resolve(__dirname, '../fixtures/calltest.protoset');
export const PROTO = path.resolve(__dirname, '../fixtures/calltest.proto');

export function fixtureRegistry(): FileRegistry {
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(PROTOSET)));
}
