// The explorer's schemas from configured .proto files: the same refusals as the CLI, worded for settings.
import { resetStandIn } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IpcError } from '../../src/ipc/errors';
import { SchemaCache } from '../../src/extension/explorer/schemaCache';
import type { ServerManager } from '../../src/extension/servers';
import { SETTING_WORDS } from '../../src/extension/words';
import { tempDir } from '../helpers/servers';

test('grpcIpc.protoFiles that import each other in a cycle are refused, naming the files', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'a.proto'), 'syntax = "proto3";\nimport "b.proto";\nmessage A {}\n');
  fs.writeFileSync(path.join(dir, 'b.proto'), 'syntax = "proto3";\nimport "a.proto";\nmessage B {}\n');
  resetStandIn({ trusted: true, user: { 'grpcIpc.protoFiles': [path.join(dir, 'a.proto')] } });
  const cache = new SchemaCache({} as ServerManager);
  await assert.rejects(cache.load({ address: `unix:${path.join(dir, 'none.sock')}` }), (error: unknown) => {
    assert.ok(error instanceof IpcError);
    assert.match(error.describe(SETTING_WORDS), /import each other in a cycle: a\.proto → b\.proto → a\.proto\. protoc refuses/);
    return true;
  });
});
