import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { IpcError } from '../../src/ipc/errors';
import { wordHint } from '../../src/ipc/remedy';
import { PANEL_WORDS, SETTING_WORDS } from '../../src/extension/words';

test('the panel names its fields and notifications name settings', () => {
  const error = new IpcError('deadline', 'No answer within 1 s.', 'Raise {deadline} to wait longer.');
  assert.equal(wordHint(error.hint!, PANEL_WORDS), 'Raise the Deadline field to wait longer.');
  assert.equal(error.describe(SETTING_WORDS), 'No answer within 1 s. Raise the setting grpcIpc.call.deadlineMs to wait longer.');
});

test('the extension never words a knob as a CLI flag', () => {
  for (const words of [PANEL_WORDS, SETTING_WORDS])
    for (const [knob, word] of Object.entries(words))
      assert.doesNotMatch(word, /(^|\s)-{1,2}[a-zA-Z]/, `${knob} is worded as a flag: ${word}`);
});
