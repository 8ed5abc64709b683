import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createFileRegistry, fromBinary, toJson } from '@bufbuild/protobuf';
import { FileDescriptorProto, FileDescriptorProtoSchema, FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { describeProtoFiles } from '../../src/ipc/demo/descriptors';
import { DEMO_PROTO_FILES, DemoServer, startDemoServer } from '../../src/ipc/demo/server';
import { protosDir } from '../../src/ipc/protos';
import { demoClients, reflect } from '../helpers/demoClient';

function hasProtoc(): boolean {
  try {
    execFileSync('protoc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('demo server reflection', () => {
  let dir: string;
  let server: DemoServer;
  let clients: ReturnType<typeof demoClients>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
    server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'r.sock') } });
    clients = demoClients(server.endpoint);
  });
  after(async () => {
    clients.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const version of ['v1', 'v1alpha'] as const) {
    test(`${version}: the files it sends build a strict registry, with real file names and imports`, async () => {
      const client = version === 'v1' ? clients.reflectionV1 : clients.reflectionV1alpha;
      const list = await reflect(client, { list_services: '*' });
      const services = list.list_services_response.service.map((s: { name: string }) => s.name).sort();
      assert.deepEqual(services, ['grpc.health.v1.Health', 'grpcipc.demo.v1.Demo']);

      const answer = await reflect(client, { file_containing_symbol: 'grpcipc.demo.v1.Demo' });
      const files: FileDescriptorProto[] = answer.file_descriptor_response.file_descriptor_proto.map((bytes: Buffer) =>
        fromBinary(FileDescriptorProtoSchema, bytes),
      );
      assert.deepEqual(files.map((f) => f.name).sort(), [
        'demo/v1/demo.proto',
        'demo/v1/types.proto',
        'google/protobuf/duration.proto',
        'google/protobuf/timestamp.proto',
      ]);
      const demoFile = files.find((f) => f.name === 'demo/v1/demo.proto')!;
      assert.deepEqual(demoFile.dependency, ['demo/v1/types.proto', 'google/protobuf/duration.proto', 'google/protobuf/timestamp.proto']);

      // @bufbuild/protobuf refuses relative or unresolvable type names, so this proves the files are complete.
      // Reflection sends the asked-for file first, so resolve imports by name rather than by position.
      const byName = new Map(files.map((f) => [f.name, f]));
      const registry = createFileRegistry(demoFile, (name) => byName.get(name));
      const demo = registry.getService('grpcipc.demo.v1.Demo');
      assert.deepEqual(
        demo?.methods.map((m) => `${m.name}:${m.methodKind}`),
        ['Echo:unary', 'Countdown:server_streaming', 'Collect:client_streaming', 'Chat:bidi_streaming'],
      );
      const sample = registry.getMessage('grpcipc.demo.v1.Sample')!;
      const field = (name: string) => sample.fields.find((f) => f.name === name)!;
      assert.equal(field('labels').fieldKind, 'map');
      assert.equal(field('created_at').message?.typeName, 'google.protobuf.Timestamp');
      assert.equal(field('big').jsonName, 'big');
      assert.equal(field('unsigned_big').jsonName, 'unsignedBig');
      assert.deepEqual(
        sample.oneofs.map((o) => [o.name, o.fields.map((f) => f.name)]),
        [['choice', ['name', 'number', 'location']]],
      );
    });
  }

  test('answers file_by_filename for the imported file and NOT_FOUND for unknown symbols', async () => {
    const answer = await reflect(clients.reflectionV1, { file_by_filename: 'demo/v1/types.proto' });
    const file = fromBinary(FileDescriptorProtoSchema, answer.file_descriptor_response.file_descriptor_proto[0]);
    assert.equal(file.name, 'demo/v1/types.proto');
    assert.deepEqual(
      file.messageType.map((m) => m.name),
      ['Sample'],
    );
    const missing = await reflect(clients.reflectionV1, { file_containing_symbol: 'no.such.Thing' });
    assert.equal(missing.error_response.error_code, 5);
  });
});

test(
  'the demo descriptors are the ones protoc makes',
  { skip: hasProtoc() ? false : 'protoc is not installed (apt-get install protobuf-compiler)' },
  (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const out = path.join(dir, 'demo.binpb');
    execFileSync('protoc', [`-I${protosDir()}`, '--include_imports', `--descriptor_set_out=${out}`, ...DEMO_PROTO_FILES]);
    const fromProtoc = fromBinary(FileDescriptorSetSchema, fs.readFileSync(out)).file;
    const ours = describeProtoFiles(DEMO_PROTO_FILES, protosDir());
    // Without --include_source_info protoc writes no comments; ours carry them (the next test checks them).
    const asJson = (files: typeof ours) =>
      Object.fromEntries(files.map((f) => [f.name, toJson(FileDescriptorProtoSchema, { ...f, sourceCodeInfo: undefined })]));
    assert.deepEqual(asJson(ours), asJson(fromProtoc));
  },
);

test(
  'the demo descriptors carry the .proto comments where protoc --include_source_info puts them',
  { skip: hasProtoc() ? false : 'protoc is not installed (apt-get install protobuf-compiler)' },
  (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const out = path.join(dir, 'demo.binpb');
    execFileSync('protoc', [`-I${protosDir()}`, '--include_source_info', `--descriptor_set_out=${out}`, ...DEMO_PROTO_FILES]);
    const text = (comment: string | undefined) =>
      (comment ?? '')
        .split('\n')
        .map((line) => line.trim())
        .join('\n')
        .trim();
    // Path → start line and comment, for every commented message, enum, service and what they hold
    // (paths 4, 5 and 6 of a file; the file's own header comment belongs to its syntax line).
    const comments = (file: FileDescriptorProto) =>
      Object.fromEntries(
        (file.sourceCodeInfo?.location ?? [])
          .filter((location) => [4, 5, 6].includes(location.path[0]) && text(location.leadingComments || location.trailingComments) !== '')
          .map((location) => [
            location.path.join('.'),
            { line: location.span[0], comment: text(location.leadingComments || location.trailingComments) },
          ]),
      );
    const fromProtoc = fromBinary(FileDescriptorSetSchema, fs.readFileSync(out)).file;
    const ours = describeProtoFiles(DEMO_PROTO_FILES, protosDir());
    for (const name of DEMO_PROTO_FILES) {
      const expected = comments(fromProtoc.find((file) => file.name === name)!);
      assert.ok(Object.keys(expected).length > 5, `${name} has comments`);
      assert.deepEqual(comments(ours.find((file) => file.name === name)!), expected, name);
    }
  },
);
