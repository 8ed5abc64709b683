import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeResponse, encodeRequest, RequestJsonError, validateRequestJson } from '../../src/ipc/json/codec';
import { fixtureRegistry } from '../helpers/fixtureSchema';

const schema = { registry: fixtureRegistry() };
const T = 'calltest.v1.Everything';

function issuesOf(text: string) {
  const result = validateRequestJson(schema, T, text);
  assert.equal(result.ok, false, `expected ${text} to be rejected`);
  return result.ok ? [] : result.issues;
}

test('round-trips every JSON mapping through the binary form', () => {
  const request = {
    i32: -5,
    i64: '-9223372036854775808',
    u64: '18446744073709551615',
    s64: '-42',
    dbl: 1.25,
    text: 'héllo',
    data: 'AAEC/w==',
    color: 'COLOR_BLUE',
    when: '2024-02-29T12:34:56.789Z',
    took: '1.5s',
    maybeCount: 0,
    maybeText: '',
    extra: { '@type': 'type.googleapis.com/calltest.v1.Item', name: 'inside', count: 3 },
    totals: { a: '1', b: '-2' },
    byId: { '7': { name: 'seven' } },
    picked: { name: 'p' },
    nested: { items: [{ name: 'x' }, { count: 2 }] },
    colors: ['COLOR_RED', 'COLOR_UNSPECIFIED'],
    f64: '123',
    opt: 0,
  };
  const out = decodeResponse(schema, T, encodeRequest(schema, T, request));
  assert.deepEqual(out, { ...request, took: '1.500s', data: 'AAEC/w==' });
  assert.deepEqual(Object.keys((out as { extra: object }).extra)[0], '@type');
});

test('accepts the forms proto3 JSON allows on input and prints the canonical ones', () => {
  const bytes = encodeRequest(schema, T, {
    i64: 7,
    u32: '9',
    color: 2,
    when: '2024-01-01T00:00:00+01:00',
    extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' },
    label: 'l',
  });
  assert.deepEqual(decodeResponse(schema, T, bytes), {
    i64: '7',
    u32: 9,
    color: 'COLOR_BLUE',
    when: '2023-12-31T23:00:00Z',
    extra: { '@type': 'type.googleapis.com/google.protobuf.Duration', value: '2s' },
    label: 'l',
  });
});

test('omits defaults like grpcurl unless asked to emit them', () => {
  const bytes = encodeRequest(schema, T, {});
  assert.deepEqual(decodeResponse(schema, T, bytes), {});
  const full = decodeResponse(schema, T, bytes, { emitDefaults: true }) as Record<string, unknown>;
  assert.equal(full.i64, '0');
  assert.equal(full.color, 'COLOR_UNSPECIFIED');
  assert.deepEqual(full.totals, {});
  assert.deepEqual(full.colors, []);
});

test('reports syntax errors with line and column', () => {
  const [issue] = issuesOf('{\n  "i32": 1,\n  "text": }');
  assert.equal(issue.path, '$');
  assert.match(issue.message, /line 3, column 11/);
  assert.match(issuesOf('{"i32": ')[0].message, /line 1, column 9/);
  assert.match(issuesOf('{"i32": 1,}')[0].message, /line 1, column 11/);
  assert.match(issuesOf('{\n"text": "a"\n"i32": 2}')[0].message, /line 3, column 1/);
  assert.deepEqual(validateRequestJson(schema, T, '  '), { ok: true, value: {} });
});

test('names the JSON path of each bad field', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['{"nope": 1}', '$.nope', /unknown field "nope" in calltest.v1.Everything/],
    ['{"i32": 5e10}', '$.i32', /out of range/],
    ['{"u32": -1}', '$.u32', /out of range/],
    ['{"i32": 1.5}', '$.i32', /int32/],
    ['{"flag": "yes"}', '$.flag', /bool/],
    ['{"nested": {"items": [{}, {"count": "many"}]}}', '$.nested.items[1].count', /int32/],
    ['{"nested": {"items": [{}, {"bogus": 1}]}}', '$.nested.items[1].bogus', /unknown field "bogus" in calltest.v1.Item/],
    ['{"nested": {"items": {"count": 1}}}', '$.nested.items', /expected an array/],
    ['{"nested": 3}', '$.nested', /expected an object for calltest.v1.Nested/],
    ['{"totals": {"a": "q"}}', '$.totals.a', /int64/],
    ['{"byId": {"x": {"name": "n"}}}', '$.byId.x', /key/],
    ['{"byId": {"3": {"count": true}}}', '$.byId["3"].count', /int32/],
    ['{"color": "COLOR_GREEN"}', '$.color', /COLOR_GREEN/],
    ['{"colors": ["COLOR_RED", "PURPLE"]}', '$.colors[1]', /PURPLE/],
    ['{"when": "yesterday"}', '$.when', /RFC 3339/],
    ['{"took": "5 minutes"}', '$.took', /5 minutes/],
    ['{"maybeCount": "x"}', '$.maybeCount', /int32|x/],
    ['{"extra": {"@type": "type.googleapis.com/nowhere.Thing"}}', '$.extra', /not in the type registry/],
    ['{"extra": {"@type": "type.googleapis.com/calltest.v1.Item", "count": "x"}}', '$.extra.count', /int32/],
    ['{"label": "a", "picked": {}}', '$.picked', /oneof "choice" is already set by "label"/],
    ['{"i64": 9007199254740993}', '$.i64', /quote 64-bit integers as strings/],
    ['{"data": "not base64!"}', '$.data', /base64|bytes/],
    ['[1]', '$', /expected an object/],
  ];
  for (const [text, path, message] of cases) {
    const issues = issuesOf(text);
    assert.equal(issues.length, 1, `${text}: ${JSON.stringify(issues)}`);
    assert.equal(issues[0].path, path, text);
    assert.match(issues[0].message, message, text);
  }
});

test('reports every bad field, not just the first', () => {
  const issues = issuesOf('{"i32": "a", "nested": {"item": {"nope": 1}}, "u64": -3}');
  assert.deepEqual(
    issues.map((issue) => issue.path),
    ['$.i32', '$.nested.item.nope', '$.u64'],
  );
});

test('encodeRequest throws bad-request-json with the issues', () => {
  assert.throws(
    () => encodeRequest(schema, T, { nested: { items: [{ count: 'x' }] } }),
    (error: unknown) =>
      error instanceof RequestJsonError &&
      error.code === 'bad-request-json' &&
      error.issues[0].path === '$.nested.items[0].count' &&
      /\$\.nested\.items\[0\]\.count/.test(error.message),
  );
  assert.throws(() => encodeRequest(schema, 'calltest.v1.Missing', {}), /not in the schema/);
});
