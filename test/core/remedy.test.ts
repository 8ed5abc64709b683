import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IpcError } from '../../src/ipc/errors';
import { FLAG_WORDS, knobsOf, wordHint } from '../../src/ipc/remedy';

test('a hint names its knobs in the words of the surface that shows it', () => {
  const error = new IpcError('deadline', 'No answer within 1 s.', 'Raise {deadline} to wait longer.');
  assert.equal(error.describe(), 'No answer within 1 s. Raise --deadline to wait longer.');
  assert.deepEqual(knobsOf('Check {ca}, {cert}/{key} and {serverName}; {nope} stays.'), ['ca', 'cert', 'key', 'serverName']);
  assert.equal(wordHint('{nope} stays', FLAG_WORDS), '{nope} stays');
});
