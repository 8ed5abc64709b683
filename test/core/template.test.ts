import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fromJson, toBinary } from '@bufbuild/protobuf';
import { requestTemplate } from '../../src/ipc/schema/template';
import { schemaFromProto } from '../helpers/protoFixture';

const schema = schemaFromProto(`
syntax = "proto3";
package t.v1;
enum Mode { MODE_UNSPECIFIED = 0; MODE_FAST = 1; MODE_SAFE = 2; }
message Inner { string label = 1; Inner child = 2; }
message Req {
  string name = 1;
  int64 big_number = 2;
  bool flag = 3;
  bytes blob = 4;
  double ratio = 5;
  Mode mode = 6;
  Inner inner = 7;
  repeated Inner items = 8;
  repeated string tags = 9;
  map<string, int32> counts = 10;
  oneof choice { string text = 11; int32 number = 12; }
  optional string maybe = 13;
}
message Empty {}
service T { rpc Call(Req) returns (Empty); }
`);
const message = async (name: string) => (await schema).registry.getMessage(name)!;

test('the template has every field with its proto3 default, under its JSON name', async () => {
  const desc = await message('t.v1.Req');
  // protoc-built schemas name the field bigNumber, protobufjs-built ones big_number; both parse.
  const big = desc.fields.find((field) => field.name === 'big_number')!.jsonName || 'big_number';
  const { json } = requestTemplate(desc);
  assert.deepEqual(json, {
    name: '',
    [big]: '0',
    flag: false,
    blob: '',
    ratio: 0,
    mode: 'MODE_UNSPECIFIED',
    inner: { label: '', child: {} },
    items: [],
    tags: [],
    counts: {},
    text: '',
    maybe: '',
  });
});

test('the template is valid request JSON for the real protobuf JSON parser', async () => {
  const desc = await message('t.v1.Req');
  const { text } = requestTemplate(desc);
  const parsed = fromJson(desc, JSON.parse(text));
  // Only fields with explicit presence (optional, oneof, messages) are on the wire: 8 bytes.
  assert.equal(toBinary(desc, parsed).length, 8);
});

test('hints list enum values, oneof members, element shapes, maps and 64-bit strings', async () => {
  const desc = await message('t.v1.Req');
  const big = desc.fields.find((field) => field.name === 'big_number')!.jsonName || 'big_number';
  const { hints } = requestTemplate(desc);
  const byPath = new Map(hints.map((hint) => [hint.path, hint.text]));
  assert.equal(byPath.get('$.mode'), 'enum Mode: MODE_UNSPECIFIED | MODE_FAST | MODE_SAFE');
  assert.equal(byPath.get('$.text'), 'oneof choice: set only one of text, number');
  assert.match(byPath.get('$.items')!, /each item like \{"label":"","child":\{\}\}/);
  assert.match(byPath.get('$.counts')!, /map of string keys .* to int32/);
  assert.match(byPath.get(`$.${big}`)!, /decimal string/);
  assert.match(byPath.get('$.blob')!, /base64/);
  assert.match(byPath.get('$.inner.child')!, /recursive/);
  assert.match(byPath.get('$.maybe')!, /optional/);
});

test('only the first member of a oneof is in the template, so it never sets two', async () => {
  const { json } = requestTemplate(await message('t.v1.Req'));
  assert.equal('number' in (json as object), false);
});

test('an empty message gives {}', async () => {
  const template = requestTemplate(await message('t.v1.Empty'));
  assert.deepEqual(template.json, {});
  assert.equal(template.text, '{}');
  assert.deepEqual(template.hints, []);
});
