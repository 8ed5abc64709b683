// Finds the .proto files the product ships (reflection, health) at run time.
// They are read from disk, not embedded, so one lookup serves the sources under tsx and the bundles
// in dist/: both sit below the package root that holds `protos/`, which the VSIX and npm package ship.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { IpcError } from './errors';

const MARKER = path.join('grpc', 'reflection', 'v1', 'reflection.proto');

let cached: string | undefined;

/** The absolute path of the shipped `protos` folder. */
export function protosDir(start: string = __dirname): string {
  if (cached && start === __dirname) return cached;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'protos');
    if (existsSync(path.join(candidate, MARKER))) {
      if (start === __dirname) cached = candidate;
      return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new IpcError(
    'internal',
    `The shipped protos folder was not found above ${start}.`,
    'Reinstall grpc-ipc; its protos/ folder is missing.',
  );
}

/** The path of one shipped proto, e.g. `grpc/health/v1/health.proto`. */
export function shippedProto(relative: string): string {
  return path.join(protosDir(), relative);
}
