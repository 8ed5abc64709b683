// Finds the .proto files the product ships, both when running from source (src/ipc) and from a
// bundle (dist/cli.js, dist/extension.js), because both sit below the folder that holds protos/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IpcError } from './errors';

let found: string | undefined;

/** The absolute path of the project's protos/ folder. */
export function protosDir(): string {
  if (found) return found;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'protos');
    if (fs.existsSync(path.join(candidate, 'demo', 'v1', 'demo.proto'))) return (found = candidate);
    if (path.dirname(dir) === dir)
      throw new IpcError(
        'internal',
        `The protos folder that ships with grpc-ipc was not found above ${__dirname}.`,
        'Reinstall grpc-ipc: its protos/ folder must sit next to dist/.',
      );
  }
}
