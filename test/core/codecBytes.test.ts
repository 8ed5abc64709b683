import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromBinary, fromJson, toBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import { decodeResponse } from '../../src/ipc/json/codec';
import { loadSchemaFromProtos } from '../../src/ipc/schema/schema';

const PROTO = `syntax = "proto3";
package bytestest;
import "google/protobuf/wrappers.proto";
message Inner { bytes data = 1; repeated bytes parts = 2; }
message Outer {
  bytes single = 1;
  repeated bytes many = 2;
  map<string, bytes> named = 3;
  oneof choice { bytes raw = 4; string text = 5; }
  Inner inner = 6;
  repeated Inner inners = 7;
  map<string, Inner> inner_by_name = 8;
  optional bytes maybe = 9;
  google.protobuf.BytesValue wrapped = 10;
}`;

test('bytes anywhere in a response decode to the same JSON as the library writes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'bytes.proto'), PROTO);
  const schema = await loadSchemaFromProtos([path.join(dir, 'bytes.proto')], [dir]);
  const desc = schema.registry.getMessage('bytestest.Outer')!;
  const b = (text: string) => Buffer.from(text).toString('base64');
  const cases: JsonValue[] = [
    {},
    { single: b('one'), many: [b('a'), '', b('c')], named: { x: b('x'), empty: '' }, raw: b('raw') },
    { text: 'not bytes', inner: { data: b('in'), parts: [b('p')] }, inners: [{ data: b('i0') }, {}, { parts: [b('q'), b('r')] }] },
    { innerByName: { k: { data: b('kv') } }, maybe: '', wrapped: b('w') },
    { maybe: b('set'), single: b('s'.repeat(5000)) },
  ];
  for (const json of cases) {
    const bytes = toBinary(desc, fromJson(desc, json, { registry: schema.registry }));
    const expected = toJson(desc, fromBinary(desc, bytes), { registry: schema.registry });
    // Compared as text, so the fields must also come out in the library's order.
    assert.equal(JSON.stringify(decodeResponse(schema, 'bytestest.Outer', bytes)), JSON.stringify(expected));
    const withDefaults = toJson(desc, fromBinary(desc, bytes), { registry: schema.registry, alwaysEmitImplicit: true });
    assert.equal(JSON.stringify(decodeResponse(schema, 'bytestest.Outer', bytes, { emitDefaults: true })), JSON.stringify(withDefaults));
  }
});
