// Schemas built from protobufjs descriptors (reflection from a grpc-js server, .proto files through
// proto-loader) must still give proto3 JSON names, as protoc-built ones do.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import { decodeResponse, encodeRequest } from '../../src/ipc/json/codec';
import { loadSchema } from '../../src/ipc/schema/schema';

test('fields loaded by reflection have lowerCamelCase JSON names', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') } });
  t.after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const schema = await loadSchema({ kind: 'reflection' }, { endpoint: server.endpoint }, 5000);
  const chat = schema.registry.getMessage('grpcipc.demo.v1.ChatMessage')!;
  assert.deepEqual(
    chat.fields.map((field) => field.jsonName),
    ['text', 'sender', 'sequence', 'sentAt', 'mood'],
  );
  const bytes = encodeRequest(schema, 'grpcipc.demo.v1.ChatMessage', { text: 'hi', sentAt: '2026-01-01T00:00:00Z' });
  assert.deepEqual(decodeResponse(schema, 'grpcipc.demo.v1.ChatMessage', bytes), { text: 'hi', sentAt: '2026-01-01T00:00:00Z' });
});
