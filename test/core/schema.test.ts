import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema, FileDescriptorProtoSchema, file_google_protobuf_timestamp } from '@bufbuild/protobuf/wkt';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IpcError } from '../../src/ipc/errors';
import { findMethod, loadSchemaFromProtos, loadSchemaFromProtoset } from '../../src/ipc/schema/schema';
import { FIXTURES, SHOP_PROTO, tempDir } from '../helpers/servers';

const isSchemaError = (pattern: RegExp) => (error: unknown) =>
  error instanceof IpcError && error.code === 'schema' && pattern.test(error.describe());

test('.proto files with an import path, an import of our own and well-known types', async () => {
  const schema = await loadSchemaFromProtos([SHOP_PROTO], [FIXTURES]);
  assert.equal(schema.source, 'proto');
  assert.deepEqual(
    schema.services.map((service) => service.name),
    ['shop.v1.Shop'],
  );
  const upload = findMethod(schema, 'shop.v1.Shop/Upload');
  assert.equal(upload.requestType, 'shop.v1.Item');
  assert.equal(upload.clientStreaming, true);
  assert.equal(upload.serverStreaming, false);
  assert.equal(findMethod(schema, 'shop.v1.Shop.Ping').requestType, 'google.protobuf.Empty');
  const item = schema.registry.getMessage('shop.v1.Item');
  assert.equal(item?.field.price.message?.typeName, 'common.Money');
  assert.equal(item?.field.added.message?.typeName, 'google.protobuf.Timestamp');
  // protobufjs regroups files by package, so check the imports through the types, not file names.
  const shopFile = schema.registry.getService('shop.v1.Shop')!.file;
  const imported = shopFile.dependencies.flatMap((file) => file.messages.map((message) => message.typeName)).sort();
  assert.deepEqual(imported, ['common.Money', 'google.protobuf.Empty', 'google.protobuf.Timestamp']);
  // The well-known types come from the library's canonical files.
  assert.equal(schema.registry.getMessage('google.protobuf.Timestamp')?.file.name, 'google/protobuf/timestamp');
});

test('a relative file name is resolved against the import path, as protoc does', async () => {
  const schema = await loadSchemaFromProtos(['shop/v1/shop.proto'], [FIXTURES]);
  assert.ok(schema.registry.getMessage('common.Money'));
});

test('a missing import names the file and the fix', async () => {
  await assert.rejects(
    loadSchemaFromProtos([SHOP_PROTO], [path.dirname(SHOP_PROTO)]),
    (error: unknown) => error instanceof IpcError && error.code === 'schema' && /-I/.test(error.describe()),
  );
  await assert.rejects(loadSchemaFromProtos([path.join(FIXTURES, 'nope.proto')], [FIXTURES]), isSchemaError(/nope\.proto/));
});

test('a protoset built from descriptors loads, and missing well-known files come from the library', async (t) => {
  const dir = tempDir(t);
  // Start from the .proto schema's own descriptors, then drop the well-known files from the set.
  const fromProtos = await loadSchemaFromProtos([SHOP_PROTO], [FIXTURES]);
  const files = [...fromProtos.registry.files].map((file) => file.proto).filter((proto) => proto.package !== 'google.protobuf');
  assert.ok(files.length >= 2);
  const protoset = path.join(dir, 'shop.protoset');
  fs.writeFileSync(protoset, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files })));

  const schema = await loadSchemaFromProtoset(protoset);
  assert.equal(schema.source, 'protoset');
  assert.equal(findMethod(schema, 'shop.v1.Shop/Chat').serverStreaming, true);
  assert.ok(schema.registry.getMessage('google.protobuf.Timestamp'));

  // A complete set, in reverse order (dependencies last), loads as well.
  const complete = path.join(dir, 'complete.protoset');
  const all = [file_google_protobuf_timestamp.proto, ...files].reverse();
  fs.writeFileSync(complete, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: all })));
  assert.equal((await loadSchemaFromProtoset(complete)).services.length, 1);
});

test('a broken protoset and a missing one are schema errors', async (t) => {
  const dir = tempDir(t);
  const junk = path.join(dir, 'junk.protoset');
  fs.writeFileSync(junk, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
  await assert.rejects(loadSchemaFromProtoset(junk), isSchemaError(/not a FileDescriptorSet/));
  await assert.rejects(loadSchemaFromProtoset(path.join(dir, 'none.protoset')), isSchemaError(/ENOENT/));
  const orphan = path.join(dir, 'orphan.protoset');
  const lonely = create(FileDescriptorProtoSchema, {
    name: 'a.proto',
    package: 'a',
    dependency: ['b.proto'],
    syntax: 'proto3',
    messageType: [{ name: 'A', field: [{ name: 'b', number: 1, type: 11, label: 1, typeName: '.b.B', jsonName: 'b' }] }],
  });
  fs.writeFileSync(orphan, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: [lonely] })));
  await assert.rejects(loadSchemaFromProtoset(orphan), isSchemaError(/imports b\.proto.*--include_imports/));
});

test('a protoc-style protoset without --include_imports gets the well-known files from the library', async (t) => {
  const file = create(FileDescriptorProtoSchema, {
    name: 'clock/v1/clock.proto',
    package: 'clock.v1',
    dependency: ['google/protobuf/timestamp.proto'],
    syntax: 'proto3',
    messageType: [
      { name: 'Now', field: [{ name: 'at', number: 1, type: 11, label: 1, typeName: '.google.protobuf.Timestamp', jsonName: 'at' }] },
    ],
    service: [
      { name: 'Clock', method: [{ name: 'Tick', inputType: '.clock.v1.Now', outputType: '.clock.v1.Now', serverStreaming: true }] },
    ],
  });
  const protoset = path.join(tempDir(t), 'clock.protoset');
  fs.writeFileSync(protoset, toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: [file] })));
  const schema = await loadSchemaFromProtoset(protoset);
  assert.deepEqual(findMethod(schema, 'clock.v1.Clock/Tick'), {
    name: 'Tick',
    fullName: 'clock.v1.Clock.Tick',
    path: '/clock.v1.Clock/Tick',
    requestType: 'clock.v1.Now',
    responseType: 'clock.v1.Now',
    clientStreaming: false,
    serverStreaming: true,
  });
  assert.equal(schema.registry.getMessage('clock.v1.Now')?.field.at.message?.file.name, 'google/protobuf/timestamp');
});

test('every well-known type can be imported at once, and comes from the canonical files', async () => {
  const schema = await loadSchemaFromProtos([path.join(FIXTURES, 'wkt/v1/all.proto')], [FIXTURES]);
  const everything = schema.registry.getMessage('wkt.v1.Everything');
  assert.ok(everything);
  const fileOf = (field: string) => everything.field[field].message?.file.name;
  assert.equal(fileOf('api'), 'google/protobuf/api');
  assert.equal(fileOf('type'), 'google/protobuf/type');
  assert.equal(fileOf('context'), 'google/protobuf/source_context');
  assert.equal(fileOf('file'), 'google/protobuf/descriptor');
  assert.equal(fileOf('at'), 'google/protobuf/timestamp');
  assert.equal(everything.field.kind.enum?.typeName, 'wkt.v1.Everything.Kind');
  assert.equal(everything.field.lists.fieldKind, 'map');
  assert.equal(schema.registry.getMessage('wkt.v1.Everything.Inner')?.field.children.message?.typeName, 'wkt.v1.Everything');
  assert.equal(findMethod(schema, 'wkt.v1.Mirror/Reflect').responseType, 'google.protobuf.Empty');
});

test('a syntax error is a schema error, not a crash', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'bad.proto'), 'syntax = "proto3";\nmessage {');
  await assert.rejects(loadSchemaFromProtos([path.join(dir, 'bad.proto')], []), isSchemaError(/Cannot load the \.proto files/));
});

test('.proto files that import each other in a cycle are refused, naming the files of the cycle', async (t) => {
  const dir = tempDir(t);
  const write = (name: string, imports: string[]) => {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    const lines = imports.map((file) => `import "${file}";`);
    fs.writeFileSync(path.join(dir, name), ['syntax = "proto3";', ...lines, `message M${name.replace(/\W/g, '_')} {}`, ''].join('\n'));
  };
  write('a.proto', ['b.proto']);
  write('b.proto', ['a.proto']);
  await assert.rejects(
    loadSchemaFromProtos([path.join(dir, 'a.proto')], []),
    isSchemaError(/import each other in a cycle: a\.proto → b\.proto → a\.proto\..*protoc refuses import cycles/),
  );
  // Three files under an import path, reached from the middle of the cycle.
  write('x/one.proto', ['x/two.proto']);
  write('x/two.proto', ['x/three.proto']);
  write('x/three.proto', ['x/one.proto']);
  await assert.rejects(
    loadSchemaFromProtos(['x/two.proto'], [dir]),
    isSchemaError(/cycle: x\/two\.proto → x\/three\.proto → x\/one\.proto → x\/two\.proto\./),
  );
  write('self.proto', ['self.proto']);
  await assert.rejects(loadSchemaFromProtos([path.join(dir, 'self.proto')], []), isSchemaError(/cycle: self\.proto → self\.proto\./));
});

test('a file imported along two paths (a diamond) is not a cycle', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'base.proto'), 'syntax = "proto3";\nmessage Base {}\n');
  fs.writeFileSync(path.join(dir, 'left.proto'), 'syntax = "proto3";\nimport "base.proto";\nmessage Left { Base b = 1; }\n');
  fs.writeFileSync(path.join(dir, 'right.proto'), 'syntax = "proto3";\nimport "base.proto";\nmessage Right { Base b = 1; }\n');
  fs.writeFileSync(
    path.join(dir, 'top.proto'),
    'syntax = "proto3";\nimport "left.proto";\nimport "right.proto";\nservice Top { rpc Go(Left) returns (Right); }\n',
  );
  const schema = await loadSchemaFromProtos([path.join(dir, 'top.proto'), path.join(dir, 'base.proto')], []);
  assert.equal(findMethod(schema, 'Top/Go').responseType, 'Right');
});
