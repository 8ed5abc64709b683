import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { IpcError } from '../../src/ipc/errors';
import { listServicesByReflection } from '../../src/ipc/reflection/client';
import { findMethod, loadSchemaByReflection } from '../../src/ipc/schema/schema';
import { startDescriptorServer, startShopServer, tempDir } from '../helpers/servers';

const DEADLINE = 5000;

test('reflection v1 lists services and resolves every file, well-known types included', async (t) => {
  const socket = path.join(tempDir(t), 's.sock');
  const server = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha' });
  const endpoint = { kind: 'unix', path: socket } as const;

  const listed = await listServicesByReflection({ endpoint }, DEADLINE);
  assert.equal(listed.version, 'v1');
  assert.ok(listed.services.includes('shop.v1.Shop'), listed.services.join(','));

  const schema = await loadSchemaByReflection({ endpoint }, DEADLINE);
  assert.equal(schema.source, 'reflection-v1');
  const getItem = findMethod(schema, 'shop.v1.Shop/GetItem');
  assert.deepEqual(getItem, {
    name: 'GetItem',
    fullName: 'shop.v1.Shop.GetItem',
    path: '/shop.v1.Shop/GetItem',
    requestType: 'shop.v1.GetItemRequest',
    responseType: 'shop.v1.Item',
    clientStreaming: false,
    serverStreaming: false,
  });
  assert.equal(findMethod(schema, 'shop.v1.Shop.Chat').clientStreaming, true);
  // The Item message reaches into the imports: common.Money and google.protobuf.Timestamp.
  assert.ok(schema.registry.getMessage('common.Money'));
  assert.ok(schema.registry.getMessage('google.protobuf.Timestamp'));
  assert.ok(schema.registry.getMessage('google.protobuf.Empty'));
  assert.ok(
    server.received.every((p) => p.startsWith('/grpc.reflection.v1.')),
    server.received.join(','),
  );
});

test('falls back to v1alpha when the server has only that', async (t) => {
  const socket = path.join(tempDir(t), 's.sock');
  const server = await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1alpha' });
  const endpoint = { kind: 'unix', path: socket } as const;

  const listed = await listServicesByReflection({ endpoint }, DEADLINE);
  assert.equal(listed.version, 'v1alpha');
  const schema = await loadSchemaByReflection({ endpoint }, DEADLINE);
  assert.equal(schema.source, 'reflection-v1alpha');
  assert.equal(findMethod(schema, 'shop.v1.Shop/ListItems').serverStreaming, true);
  assert.ok(server.received.includes('/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo'));
});

test('a server without reflection gives reflection-unavailable with the way out', async (t) => {
  const socket = path.join(tempDir(t), 's.sock');
  await startShopServer(t, { listen: `unix:${socket}`, reflection: 'none' });
  await assert.rejects(loadSchemaByReflection({ endpoint: { kind: 'unix', path: socket } }, DEADLINE), (error: unknown) => {
    assert.ok(error instanceof IpcError);
    assert.equal(error.code, 'reflection-unavailable');
    assert.match(error.describe(), /--proto or --protoset/);
    return true;
  });
});

test('reflection over TCP works too', async (t) => {
  const server = await startShopServer(t, { listen: '127.0.0.1:0', reflection: 'v1+v1alpha' });
  const port = Number(server.target.split(':').pop());
  const listed = await listServicesByReflection({ endpoint: { kind: 'tcp', host: '127.0.0.1', port } }, DEADLINE);
  assert.ok(listed.services.includes('shop.v1.Shop'));
});

test('findMethod names what exists when the method or service is unknown', async (t) => {
  const socket = path.join(tempDir(t), 's.sock');
  await startShopServer(t, { listen: `unix:${socket}`, reflection: 'v1+v1alpha' });
  const schema = await loadSchemaByReflection({ endpoint: { kind: 'unix', path: socket } }, DEADLINE);
  assert.throws(
    () => findMethod(schema, 'shop.v1.Shop/Nope'),
    (error: unknown) =>
      error instanceof IpcError && error.code === 'unknown-method' && /GetItem, ListItems, Upload, Chat, Ping/.test(error.describe()),
  );
  assert.throws(
    () => findMethod(schema, 'shop.v2.Shop/GetItem'),
    (error: unknown) => error instanceof IpcError && error.code === 'unknown-method' && /shop\.v1\.Shop/.test(error.describe()),
  );
});

test('imports are fetched by file name, and well-known files the server lacks come from the library', async (t) => {
  const units = create(FileDescriptorProtoSchema, {
    name: 'clock/v1/units.proto',
    package: 'clock.v1',
    syntax: 'proto3',
    enumType: [{ name: 'Unit', value: [{ name: 'UNIT_UNSPECIFIED', number: 0 }] }],
  });
  const clock = create(FileDescriptorProtoSchema, {
    name: 'clock/v1/clock.proto',
    package: 'clock.v1',
    syntax: 'proto3',
    dependency: ['clock/v1/units.proto', 'google/protobuf/timestamp.proto'],
    messageType: [
      {
        name: 'Tick',
        field: [
          { name: 'at', number: 1, type: 11, label: 1, typeName: '.google.protobuf.Timestamp', jsonName: 'at' },
          { name: 'unit', number: 2, type: 14, label: 1, typeName: '.clock.v1.Unit', jsonName: 'unit' },
        ],
      },
    ],
    service: [
      { name: 'Clock', method: [{ name: 'Watch', inputType: '.clock.v1.Tick', outputType: '.clock.v1.Tick', serverStreaming: true }] },
    ],
  });
  const files = new Map([
    ['clock/v1/clock.proto', { bytes: toBinary(FileDescriptorProtoSchema, clock), symbols: ['clock.v1.Clock', 'clock.v1.Tick'] }],
    ['clock/v1/units.proto', { bytes: toBinary(FileDescriptorProtoSchema, units), symbols: ['clock.v1.Unit'] }],
  ]);
  const socket = path.join(tempDir(t), 'r.sock');
  const server = await startDescriptorServer(t, `unix:${socket}`, files, ['clock.v1.Clock', 'grpc.reflection.v1.ServerReflection']);

  const schema = await loadSchemaByReflection({ endpoint: { kind: 'unix', path: socket } }, DEADLINE);
  assert.deepEqual(server.requests, [
    'list_services:*',
    'file_containing_symbol:clock.v1.Clock',
    'file_containing_symbol:grpc.reflection.v1.ServerReflection',
    'file_by_filename:clock/v1/units.proto',
    'file_by_filename:google/protobuf/timestamp.proto',
  ]);
  // The reflection service itself could not be described by this server, so only Clock is listed.
  assert.deepEqual(
    schema.services.map((service) => service.name),
    ['clock.v1.Clock'],
  );
  assert.equal(findMethod(schema, 'clock.v1.Clock/Watch').serverStreaming, true);
  const tick = schema.registry.getMessage('clock.v1.Tick');
  assert.equal(tick?.field.at.message?.file.name, 'google/protobuf/timestamp');
  assert.equal(tick?.field.unit.enum?.typeName, 'clock.v1.Unit');
});
