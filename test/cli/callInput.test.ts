import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseHeader, parseRequestText } from '../../src/cli/callInput';
import { IpcError } from '../../src/ipc/errors';
import { fixtureRegistry } from '../helpers/fixtureSchema';

const schema = { registry: fixtureRegistry() };
const Item = 'calltest.v1.Item';

const failsWith = (pattern: RegExp) => (error: unknown) =>
  error instanceof IpcError && error.code === 'bad-request-json' && pattern.test(error.message);

test('one JSON value, pretty or not, is one message', () => {
  assert.deepEqual(parseRequestText(schema, Item, '{\n  "name": "a"\n}\n', 'f', true), [{ name: 'a' }]);
  assert.deepEqual(parseRequestText(schema, Item, '', '-d', false), [{}]);
  assert.deepEqual(parseRequestText(schema, Item, '  ', '-d', true), []);
});

test('NDJSON and arrays give several messages to streaming calls, with the line or index of a bad one', () => {
  assert.deepEqual(parseRequestText(schema, Item, '{"count":1}\n\n{"count":2}\n', 'f', true), [{ count: 1 }, { count: 2 }]);
  assert.deepEqual(parseRequestText(schema, Item, '[{"count":1},{"name":"b"}]', '-d', true), [{ count: 1 }, { name: 'b' }]);
  assert.throws(
    () => parseRequestText(schema, Item, '{"count":1}\n{"count":"x"}', 'req.ndjson', true),
    failsWith(/req\.ndjson line 2: \$\.count/),
  );
  assert.throws(() => parseRequestText(schema, Item, '[{}, {"nope":1}]', '-d', true), failsWith(/-d: \$\[1\]\.nope: unknown field/));
  assert.throws(() => parseRequestText(schema, Item, '[{}]', '-d', false), failsWith(/expected an object/));
  assert.throws(() => parseRequestText(schema, Item, '{\n  "name": \n}', 'f', false), failsWith(/line 3, column 1/));
});

test('-H takes key: value', () => {
  assert.deepEqual(parseHeader('x-token:  abc def '), { key: 'x-token', value: 'abc def' });
  assert.deepEqual(parseHeader('x-url: http://h:1/'), { key: 'x-url', value: 'http://h:1/' });
  assert.throws(() => parseHeader('novalue'), /key: value/);
});
