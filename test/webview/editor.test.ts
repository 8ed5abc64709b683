// The request editor's schema features without a browser: completion and hover from the JSON Schema
// the core generates, and where the core's validation messages land in the text.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionContext } from '@codemirror/autocomplete';
import { json } from '@codemirror/lang-json';
import { ensureSyntaxTree } from '@codemirror/language';
import { EditorState } from '@codemirror/state';
import { JSONCompletion, JSONHover, stateExtensions } from 'codemirror-json-schema';
import type { JSONSchema7 } from 'json-schema';
import { validateRequestJson } from '../../src/ipc/json/codec';
import { messageJsonSchema } from '../../src/ipc/schema/jsonSchema';
import { startDemoServer } from '../../src/ipc/demo/server';
import { loadSchemaByReflection, loadSchemaFromProtos, type Schema } from '../../src/ipc/schema/schema';
import { schemaCompletion } from '../../webview/editor/completion';
import { hoverTexts } from '../../webview/editor/hoverText';
import { locatePath, pathSegments } from '../../webview/editor/jsonPath';
import { literalCompletion } from '../../webview/editor/literals';

const PROTOS = path.resolve(__dirname, '../../protos');
const ECHO = 'grpcipc.demo.v1.EchoRequest';
let demo: Schema | undefined;

async function echoSchema(): Promise<JSONSchema7> {
  demo ??= await loadSchemaFromProtos([path.join(PROTOS, 'demo/v1/demo.proto')], [PROTOS]);
  return messageJsonSchema(demo.registry.getMessage(ECHO)!) as JSONSchema7;
}

/** A document with `|` marking the cursor. */
async function stateAt(marked: string): Promise<{ state: EditorState; pos: number }> {
  const pos = marked.indexOf('|');
  const doc = marked.replace('|', '');
  const created = EditorState.create({ doc, selection: { anchor: pos }, extensions: [json(), stateExtensions(await echoSchema())] });
  // The first parse has a time budget; on a busy machine finish it, as the editor does when idle. The
  // finished tree reaches syntaxTree(), which completion reads, with the next transaction.
  ensureSyntaxTree(created, created.doc.length, 10_000);
  return { state: created.update({}).state, pos };
}

async function complete(marked: string): Promise<string[]> {
  const { state, pos } = await stateAt(marked);
  const result = new JSONCompletion({}).doComplete(new CompletionContext(state, pos, true));
  return ('options' in result ? result.options : []).map((option) => option.label);
}

test('completion offers the fields of a nested message, by their JSON names', async () => {
  const labels = await complete('{\n  "sample": {\n    "|\n  }\n}');
  for (const name of ['text', 'big', 'unsignedBig', 'mood', 'points', 'labels', 'createdAt', 'ttl', 'name', 'number', 'location'])
    assert.ok(
      labels.some((label) => label.replace(/"/g, '') === name),
      `${name} in ${labels.join(', ')}`,
    );
  assert.ok(!labels.some((label) => label.includes('unsigned_big')), 'proto names are not offered');
});

test('completion offers an enum’s values by name', async () => {
  const labels = (await complete('{ "sample": { "mood": "|" } }')).map((label) => label.replace(/"/g, ''));
  assert.deepEqual(labels.sort(), ['MOOD_CURIOUS', 'MOOD_GRUMPY', 'MOOD_HAPPY', 'MOOD_UNSPECIFIED']);
});

test('a field name offers an info box only when there is text to show: its comment or its JSON form', async () => {
  const { state, pos } = await stateAt('{\n  "sample": {\n    "|\n  }\n}');
  const result = schemaCompletion()(new CompletionContext(state, pos, true));
  const info = new Map((result?.options ?? []).map((option) => [option.label.replace(/"/g, ''), option.info]));
  // Plain fields without a comment: no info at all, so no empty box beside the list.
  for (const name of ['text', 'small', 'flag']) {
    assert.ok(info.has(name), `${name} is offered`);
    assert.equal(info.get(name), undefined, `${name} has no info`);
  }
  // The comments in types.proto (the .proto loader keeps them), then what the JSON form needs.
  assert.equal(info.get('mood'), 'How the sender feels; exercises enums.');
  assert.equal(info.get('big'), '64-bit integers travel as strings in JSON.\n\n64-bit: a decimal string in JSON, e.g. "12"');
  assert.equal(info.get('blob'), 'Base64 in JSON.\n\nbytes: base64 in JSON');
  assert.match(String(info.get('createdAt')), /RFC 3339/);
  assert.ok([...info.values()].every((value) => value === undefined || (typeof value === 'string' && value.trim() !== '')));
  // A nested message reached through a list: the fields of Point, which have no comments.
  const inList = await stateAt('{ "sample": { "points": [ { "| } ] } }');
  const points = schemaCompletion()(new CompletionContext(inList.state, inList.pos, true));
  assert.deepEqual(
    points?.options.map((option) => [option.label.replace(/"/g, ''), option.info]),
    [
      ['x', undefined],
      ['y', undefined],
    ],
  );
});

test('completion offers true, false and null where a bare word may go, and nowhere else', async () => {
  const at = async (marked: string) => {
    const { state, pos } = await stateAt(marked);
    const result = literalCompletion(new CompletionContext(state, pos, false));
    return result ? result.options.map((option) => option.label) : [];
  };
  assert.deepEqual(await at('{ "sample": { "flag": t| } }'), ['true', 'false', 'null']);
  assert.deepEqual(await at('{ "sample": { "words": ["a", n|] } }'), ['true', 'false', 'null']);
  assert.deepEqual(await at('{ "sample": { "flag": true, t| } }'), []);
});

test('hover shows the proto type and the comment of a field', async () => {
  const { state } = await stateAt('{ "sample": { "big": "1" }, "failWithCode": 3 }|');
  const hover = new JSONHover();
  const view = { state } as never;
  const at = (needle: string) => state.doc.toString().indexOf(needle) + 2;
  const big = hover.getDataForCursor(view, at('"big"'), 1);
  assert.ok(big?.schema);
  // The comment in types.proto (the .proto loader keeps comments as source info), then the JSON form's note.
  assert.deepEqual(hoverTexts({ schema: big.schema as Record<string, unknown> }), {
    typeInfo: 'int64',
    message: '64-bit integers travel as strings in JSON.\n\n64-bit: a decimal string in JSON, e.g. "12"',
  });
  const mood = hover.getDataForCursor(view, at('"failWithCode"'), 1);
  const texts = hoverTexts({ schema: mood!.schema as Record<string, unknown> });
  assert.deepEqual(texts, { typeInfo: 'int32', message: 'When non-zero, the call fails with this gRPC status code (1-16).' });
});

test('hover shows a field’s proto comment when the descriptors carry it, as the demo server’s reflection does', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'hover.sock') } });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const reflected = await loadSchemaByReflection({ endpoint: server.endpoint }, 10_000);
  const schema = messageJsonSchema(reflected.registry.getMessage(ECHO)!) as JSONSchema7;
  const doc = '{ "message": "hi", "failWithCode": 3, "sample": { "mood": "MOOD_HAPPY" } }';
  const state = EditorState.create({ doc, extensions: [json(), stateExtensions(schema)] });
  ensureSyntaxTree(state, state.doc.length, 10_000);
  const hover = new JSONHover();
  const textsAt = (needle: string) => {
    const data = hover.getDataForCursor({ state } as never, doc.indexOf(needle) + 2, 1);
    assert.ok(data?.schema, needle);
    return hoverTexts({ schema: data.schema as Record<string, unknown> });
  };
  assert.deepEqual(textsAt('"message"'), { typeInfo: 'string', message: 'Default "hello".' });
  assert.deepEqual(textsAt('"failWithCode"'), {
    typeInfo: 'int32',
    message: 'When non-zero, the call fails with this gRPC status code (1-16).',
  });
  assert.match(textsAt('"mood"').typeInfo, /^grpcipc\.demo\.v1\.Mood\nMOOD_UNSPECIFIED \| MOOD_HAPPY/);
});

test('validation problems land on the key they name, with the core’s message', async () => {
  const text = '{\n  "message": "hi",\n  "sample": {\n    "mood": "HAPPY",\n    "points": [{ "x": 1 }, { "z": 2 }]\n  }\n}';
  demo ??= await loadSchemaFromProtos([path.join(PROTOS, 'demo/v1/demo.proto')], [PROTOS]);
  const result = validateRequestJson(demo, ECHO, text);
  assert.equal(result.ok, false);
  const state = EditorState.create({ doc: text, extensions: [json()] });
  const found = (result.ok ? [] : result.issues).map((issue) => {
    const range = locatePath(state, issue.path);
    return { path: issue.path, text: state.sliceDoc(range.from, range.to) };
  });
  assert.deepEqual(found, [
    { path: '$.sample.mood', text: '"mood"' },
    { path: '$.sample.points[1].z', text: '"z"' },
  ]);
});

test('a path that goes past what was typed falls back to the nearest part that exists', () => {
  const state = EditorState.create({ doc: '{ "a": { "b": [1, 2] } }', extensions: [json()] });
  const range = locatePath(state, '$.a.b[7]');
  assert.equal(state.sliceDoc(range.from, range.to), '"b"');
  assert.deepEqual(pathSegments('$.a["x y"][3].z'), ['a', 'x y', 3, 'z']);
});
