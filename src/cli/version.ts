// `grpc-ipc --version`: the version in the package's own package.json, found by walking up from this
// file (dist/ in the installed extension, src/cli/ in a checkout).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export function packageVersion(from: string = __dirname): string {
  for (let dir = from, level = 0; level < 4; level++, dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'grpc-ipc' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No readable package.json here: look one folder up.
    }
  }
  return 'unknown (no package.json of grpc-ipc above the command)';
}
