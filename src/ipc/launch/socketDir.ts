// Picks a directory for a socket whose full path fits in sun_path, because long storage paths
// (a deep home directory plus VS Code's storage layout) easily pass the 107-byte limit.
import * as os from 'node:os';
import * as path from 'node:path';
import { maxSocketPathBytes } from '../endpoint';

/** The first candidate directory where `dir/fileName` fits, or undefined when none does. */
export function pickSocketPath(
  candidates: Array<string | undefined>,
  fileName: string,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const limit = maxSocketPathBytes(platform);
  for (const dir of candidates) {
    if (!dir) continue;
    const full = path.join(dir, fileName);
    if (Buffer.byteLength(full) <= limit) return full;
  }
  return undefined;
}

/** Short fallbacks: $XDG_RUNTIME_DIR/grpc-ipc (private to the user), then a per-user folder in the temp dir. */
export function shortSocketDirs(env: Record<string, string | undefined> = process.env): string[] {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return [env.XDG_RUNTIME_DIR && path.join(env.XDG_RUNTIME_DIR, 'grpc-ipc'), path.join(os.tmpdir(), `grpc-ipc-${user}`)].filter(
    (dir): dir is string => Boolean(dir),
  );
}
