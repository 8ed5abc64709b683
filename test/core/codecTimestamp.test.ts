// Timestamps are written by timestamp.ts, not the library (see src/ipc/json/lift.ts): the text and the
// field order must be exactly the library's, wherever the Timestamp sits, and an out-of-range one must
// still fail with the library's error.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create, fromBinary, fromJson, toBinary, toJson, type JsonValue } from '@bufbuild/protobuf';
import { TimestampSchema } from '@bufbuild/protobuf/wkt';
import { decodeResponse } from '../../src/ipc/json/codec';
import { timestampJson } from '../../src/ipc/json/timestamp';
import { loadSchemaFromProtos } from '../../src/ipc/schema/schema';

const PROTO = `syntax = "proto3";
package tstest;
import "google/protobuf/timestamp.proto";
message Inner { google.protobuf.Timestamp at = 1; string note = 2; }
message Outer {
  google.protobuf.Timestamp first = 1;
  string middle = 2;
  google.protobuf.Timestamp second = 3;
  Inner inner = 4;
  repeated Inner inners = 5;
  map<string, Inner> by_name = 6;
  repeated google.protobuf.Timestamp many = 7;
  oneof choice { google.protobuf.Timestamp when = 8; string never = 9; }
  bytes data = 10;
  int32 last = 11;
}`;

async function loadOuter(t: import('node:test').TestContext) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'ts.proto'), PROTO);
  const schema = await loadSchemaFromProtos([path.join(dir, 'ts.proto')], [dir]);
  return { schema, desc: schema.registry.getMessage('tstest.Outer')! };
}

test('a Timestamp is written exactly as the library writes it, over its whole range and every precision', () => {
  const seconds = [-62135596800n, -62135596799n, -1n, 0n, 1n, 951782400n, 1780000000n, 1780000001n, 253402300799n];
  const nanos = [0, 1, 999, 1000, 120_000_000, 123_000, 123_456_000, 123_456_789, 999_999_999, 500_000_000];
  for (const s of seconds)
    for (const n of nanos) {
      const expected = toJson(TimestampSchema, create(TimestampSchema, { seconds: s, nanos: n }));
      assert.equal(timestampJson(s, n), expected, `${s}s ${n}ns`);
    }
  // Out of range: left to the library, which refuses it.
  for (const [s, n] of [
    [-62135596801n, 0],
    [253402300800n, 0],
    [0n, -1],
    [0n, 1_000_000_000],
  ] as const)
    assert.equal(timestampJson(s, n), undefined, `${s}s ${n}ns`);
});

test('Timestamps anywhere in a response decode to the library JSON, in the library field order', async (t) => {
  const { schema, desc } = await loadOuter(t);
  const at = (text: string) => text;
  const cases: JsonValue[] = [
    {},
    { first: at('2026-12-01T23:49:06Z') },
    { first: at('2026-12-01T23:49:06.120Z'), middle: 'm', second: at('1970-01-01T00:00:00.000000001Z'), last: 7 },
    { second: at('0001-01-01T00:00:00Z'), data: 'AAEC', last: 1 },
    { inner: { at: at('9999-12-31T23:59:59.999999999Z'), note: 'after the time' } },
    { inners: [{ at: at('2000-02-29T12:00:00.5Z'), note: 'a' }, {}, { note: 'b' }, { at: at('1969-12-31T23:59:59.999Z') }] },
    { byName: { x: { at: at('2026-01-01T00:00:00.000123Z'), note: 'x' }, y: { note: 'y' } } },
    { many: [at('2026-12-01T00:00:00Z'), at('2026-12-01T00:00:00.1Z')], when: at('2026-12-02T00:00:00Z'), last: 3 },
  ];
  for (const json of cases) {
    const bytes = toBinary(desc, fromJson(desc, json, { registry: schema.registry }));
    for (const emitDefaults of [false, true]) {
      const expected = toJson(desc, fromBinary(desc, bytes), { registry: schema.registry, alwaysEmitImplicit: emitDefaults });
      // Compared as text, so the fields must come out in the library's order too.
      assert.equal(JSON.stringify(decodeResponse(schema, 'tstest.Outer', bytes, { emitDefaults })), JSON.stringify(expected));
    }
  }
});

test('an out-of-range Timestamp still fails with the library error', async (t) => {
  const { schema, desc } = await loadOuter(t);
  const message = create(desc, {});
  (message as unknown as Record<string, unknown>).second = create(TimestampSchema, { seconds: 253402300800n, nanos: 0 });
  const bytes = toBinary(desc, message);
  assert.throws(() => toJson(desc, fromBinary(desc, bytes), { registry: schema.registry }), /must be from 0001-01-01/);
  assert.throws(() => decodeResponse(schema, 'tstest.Outer', bytes), /must be from 0001-01-01/);
});
