// Loads .proto text through the core's own schema loader, from a temp folder removed after the test.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { loadSchemaFromProtos, type Schema } from '../../src/ipc/schema/schema';

export async function schemaFromProto(source: string): Promise<Schema> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'fixture.proto');
  fs.writeFileSync(file, source);
  return loadSchemaFromProtos([file], [dir]);
}
