// The descriptor → JSON Schema generator, checked against the core's validator: what the schema accepts
// the validator accepts, and the mistakes a user makes are rejected by both.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { Draft07 } from 'json-schema-library';
import { validateRequestJson } from '../../src/ipc/json/codec';
import { requestTemplate } from '../../src/ipc/schema/template';
import { messageJsonSchema, PROTO_TYPE, type JsonSchema } from '../../src/ipc/schema/jsonSchema';
import { loadSchemaFromProtos } from '../../src/ipc/schema/schema';
import { fixtureRegistry } from '../helpers/fixtureSchema';
import { tempDir } from '../helpers/servers';

const PROTOS = path.resolve(__dirname, '../../protos');
const foreign = { registry: fixtureRegistry() };
const EVERYTHING = 'calltest.v1.Everything';

function schemaErrors(schema: JsonSchema, value: unknown): string[] {
  return new Draft07(schema).validate(value).map((error) => error.message);
}

function agree(schema: { registry: typeof foreign.registry }, typeName: string, json: JsonSchema, value: unknown, valid: boolean): void {
  const text = JSON.stringify(value);
  const core = validateRequestJson(schema, typeName, text);
  const errors = schemaErrors(json, value);
  assert.equal(core.ok, valid, `core validator on ${text}: ${core.ok ? 'ok' : JSON.stringify(core.issues)}`);
  assert.equal(errors.length === 0, valid, `JSON Schema on ${text}: ${errors.join('; ') || 'ok'}`);
}

test('a foreign schema: canonical proto3 JSON passes both, every kind of mistake fails both', () => {
  const desc = foreign.registry.getMessage(EVERYTHING)!;
  const json = messageJsonSchema(desc);
  const canonical = {
    i32: -5,
    i64: '-9223372036854775808',
    u32: 7,
    u64: '18446744073709551615',
    s64: '-42',
    dbl: 1.25,
    flag: true,
    text: 'héllo',
    data: 'AAEC/w==',
    color: 'COLOR_BLUE',
    when: '2024-02-29T12:34:56.789Z',
    took: '1.5s',
    maybeCount: 3,
    maybeText: null,
    extra: { '@type': 'type.googleapis.com/calltest.v1.Item', name: 'inside', count: 3 },
    totals: { a: '1', b: '-2' },
    byId: { '7': { name: 'seven' } },
    label: 'l',
    nested: { items: [{ name: 'x' }, { count: 2 }], item: { name: 'y' } },
    colors: ['COLOR_RED'],
    f64: '123',
    flt: 'NaN',
    opt: 0,
  };
  agree(foreign, EVERYTHING, json, canonical, true);
  agree(foreign, EVERYTHING, json, requestTemplate(desc).json as JsonSchema, true);
  for (const bad of [
    { nope: 1 },
    { color: 'COLOR_PURPLE' },
    { when: 'yesterday' },
    { took: '5 minutes' },
    { i32: 1.5 },
    { i32: 2 ** 31 },
    { u32: -1 },
    { i64: '12x' },
    { colors: 'COLOR_RED' },
    { nested: { items: [{ name: 1 }] } },
    { nested: { bogus: true } },
    { flag: 'yes' },
    { byId: { seven: { name: 'x' } } },
    { maybeCount: 'many' },
  ])
    agree(foreign, EVERYTHING, json, bad, false);
});

test('the schema names each field by its JSON name and carries the proto type for hover', () => {
  const json = messageJsonSchema(foreign.registry.getMessage(EVERYTHING)!);
  const properties = json.properties as Record<string, JsonSchema>;
  assert.ok(properties.maybeCount && properties.byId && !properties.maybe_count);
  assert.equal(properties.i64[PROTO_TYPE], 'int64');
  assert.equal(properties.i64.type, 'string');
  assert.equal(properties.data.contentEncoding, 'base64');
  assert.deepEqual(properties.color.enum, ['COLOR_UNSPECIFIED', 'COLOR_RED', 'COLOR_BLUE']);
  assert.equal(properties.color[PROTO_TYPE], 'calltest.v1.Color');
  assert.equal(properties.totals[PROTO_TYPE], 'map<string, int64>');
  assert.equal(properties.colors[PROTO_TYPE], 'repeated calltest.v1.Color');
  assert.equal(properties.when.format, 'date-time');
  assert.deepEqual(properties.took.examples, ['1.5s']);
  assert.ok((properties.extra.properties as JsonSchema)['@type']);
  assert.match(String(properties.label.description), /oneof choice: set only one of label, picked/);
  assert.equal(
    properties.opt.description,
    'optional: leave it out to leave it unset',
    'a proto3 optional field is not a oneof to the user',
  );
  assert.match(String(properties.i64.description), /decimal string/);
  assert.match(String(properties.data.description), /base64/);
});

test('the demo service: every request message and its template pass both', async () => {
  const schema = await loadSchemaFromProtos([path.join(PROTOS, 'demo/v1/demo.proto')], [PROTOS]);
  const types = ['EchoRequest', 'CountdownRequest', 'CollectRequest', 'ChatMessage'].map((name) => `grpcipc.demo.v1.${name}`);
  for (const typeName of types) {
    const desc = schema.registry.getMessage(typeName);
    assert.ok(desc, typeName);
    const json = messageJsonSchema(desc);
    agree(schema, typeName, json, requestTemplate(desc).json as JsonSchema, true);
    agree(schema, typeName, json, {}, true);
    agree(schema, typeName, json, { surelyNotAField: 1 }, false);
  }
  const echo = messageJsonSchema(schema.registry.getMessage('grpcipc.demo.v1.EchoRequest')!);
  const sample = {
    text: 'a',
    big: '9007199254740993',
    blob: 'aGk=',
    mood: 'MOOD_HAPPY',
    points: [{ x: 1, y: 2 }],
    labels: { k: { value: 'v', mood: 'MOOD_GRUMPY' } },
    number: 4,
    createdAt: '2024-01-01T00:00:00Z',
    ttl: '0.5s',
  };
  agree(schema, 'grpcipc.demo.v1.EchoRequest', echo, { message: 'hi', sample, delay: '1s', responseBytes: '10' }, true);
  agree(schema, 'grpcipc.demo.v1.EchoRequest', echo, { sample: { mood: 'HAPPY' } }, false);
  agree(schema, 'grpcipc.demo.v1.EchoRequest', echo, { sample: { labels: { k: { tone: 1 } } } }, false);
});

test('a message that contains itself refers back through definitions', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(
    path.join(dir, 'tree.proto'),
    'syntax = "proto3"; package t; message Node { string name = 1; repeated Node children = 2; }',
  );
  const schema = await loadSchemaFromProtos([path.join(dir, 'tree.proto')], [dir]);
  const json = messageJsonSchema(schema.registry.getMessage('t.Node')!);
  assert.ok((json.definitions as Record<string, unknown>)['t.Node']);
  agree(schema, 't.Node', json, { name: 'a', children: [{ name: 'b', children: [{ name: 'c' }] }] }, true);
  agree(schema, 't.Node', json, { children: [{ children: [{ nope: 1 }] }] }, false);
});

const COMMENTED = `syntax = "proto3";
package c;
// How the sender feels.
enum Mood { MOOD_UNSPECIFIED = 0; MOOD_HAPPY = 1; }
message Outer {
  // A nested message.
  message Point { double x = 1; }
  // 64-bit integers travel as strings in JSON.
  int64 big = 1;
  Mood mood = 2;
  repeated Point points = 3;
  string plain = 4; // Trailing words.
}
`;

test('proto comments from source info become descriptions', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'c.proto'), COMMENTED);
  const out = path.join(dir, 'c.protoset');
  const run = spawnSync('protoc', ['-I', dir, '--include_source_info', `--descriptor_set_out=${out}`, 'c.proto']);
  if (run.error) return t.skip('protoc is not installed');
  assert.equal(run.status, 0, String(run.stderr));
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, fs.readFileSync(out)));
  const properties = messageJsonSchema(registry.getMessage('c.Outer')!).properties as Record<string, JsonSchema>;
  assert.equal(properties.big.description, '64-bit integers travel as strings in JSON.\n\n64-bit: a decimal string in JSON, e.g. "12"');
  assert.equal(properties.mood.description, 'How the sender feels.', 'an enum field without a comment takes the enum’s');
  assert.equal(properties.plain.description, 'Trailing words.');
  const point = properties.points.items as JsonSchema;
  assert.equal(point[PROTO_TYPE], 'c.Outer.Point');
  assert.equal(point.description, 'A nested message.');
});
