// Tells a listener when endpoints may have changed: fs.watch on the scanned folders for socket files
// coming and going, plus a once-a-second look at the kernel's listener table (or pipe list) for the rest.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanRootsFor } from './collect';
import { readListeningRows } from './listeners';
import { listNamedPipes } from './pipes';
import { scanSocketFiles } from './scan';
import type { DiscoverOptions } from './types';

/** Gathers bursts of events (a server creating a folder, then its socket) into one call. */
const SETTLE_MS = 150;
const POLL_MS = 1000;

/** Narrows what the poll looks at; the explorer watches everything. */
export interface WatchScope {
  /** Which listeners count, by socket path, `@name` or pipe name; tests keep to their own folder. */
  listeners?: (address: string) => boolean;
}

/** Calls onChange (debounced) whenever a socket appears or disappears, until disposed. */
export function watchEndpoints(options: DiscoverOptions, onChange: () => void, scope: WatchScope = {}): { dispose(): void } {
  const counts = scope.listeners ?? (() => true);
  const platform = process.platform;
  const roots = platform === 'win32' ? [] : scanRootsFor(options, platform);
  const watchers: fs.FSWatcher[] = [];
  let disposed = false;
  let settle: NodeJS.Timeout | undefined;
  let last: string | undefined;
  const changed = () => {
    if (disposed) return;
    clearTimeout(settle);
    settle = setTimeout(() => void report(), SETTLE_MS);
  };
  // The listener looks again now, so what it will see becomes the baseline: a server that starts and
  // dies between two polls is then still noticed when it dies.
  const report = async () => {
    last = await pollSignature(platform, roots, counts).catch(() => last);
    if (!disposed) onChange();
  };

  const known = new Set<string>();
  void scanSocketFiles(roots).then((scan) => scan.sockets.forEach((s) => known.add(s.path)));
  const watched = new Set<string>();
  const watchDir = (dir: string, watchNewSubfolders: boolean) => {
    if (watched.has(dir) || disposed) return;
    try {
      const watcher = fs.watch(dir, { persistent: false }, (event, file) => {
        if (event !== 'rename' || !file) return; // content writes never make or remove a socket
        const full = path.join(dir, file.toString());
        const kind = entryKind(full);
        if (kind === 'socket') {
          known.add(full);
          changed();
        } else if (kind === 'directory' && watchNewSubfolders) {
          watchDir(full, false);
        } else if (known.delete(full)) changed();
      });
      watched.add(dir);
      watcher.on('error', () => watcher.close()); // the folder went away
      watchers.push(watcher);
    } catch {
      // missing or unwatchable folder: the poll still covers listeners
    }
  };
  for (const root of roots) {
    watchDir(root.dir, root.depth >= 1);
    // Apps keep sockets one folder down (/tmp/app-1234/api.sock); watch those folders too.
    if (root.depth >= 1) for (const sub of subfolders(root.dir)) watchDir(sub, false);
  }

  let polling = false;
  const check = async () => {
    if (polling) return; // a slow rescan (macOS) must not pile up
    polling = true;
    try {
      const now = await pollSignature(platform, roots, counts);
      if (last !== undefined && now !== last) changed();
      last = now;
    } finally {
      polling = false;
    }
  };
  void check();
  const poll = setInterval(() => void check(), POLL_MS);
  poll.unref();

  return {
    dispose() {
      disposed = true;
      clearInterval(poll);
      clearTimeout(settle);
      for (const watcher of watchers.splice(0)) watcher.close();
    },
  };
}

/** A cheap fingerprint of what listens: the kernel table on Linux, the pipe list on Windows, a rescan elsewhere. */
async function pollSignature(
  platform: NodeJS.Platform,
  roots: ReturnType<typeof scanRootsFor>,
  counts: (address: string) => boolean,
): Promise<string> {
  if (platform === 'linux') {
    const rows = await readListeningRows().catch(() => []);
    return rows
      .filter((row) => counts(row.path))
      .map((row) => `${row.inode} ${row.path}`)
      .join('\n');
  }
  if (platform === 'win32') {
    const listing = listNamedPipes();
    return listing.ok ? listing.names.filter(counts).sort().join('\n') : listing.reason;
  }
  return (await scanSocketFiles(roots)).sockets
    .map((s) => s.path)
    .filter(counts)
    .sort()
    .join('\n');
}

function entryKind(file: string): 'socket' | 'directory' | 'other' | 'gone' {
  try {
    const stat = fs.lstatSync(file);
    return stat.isSocket() ? 'socket' : stat.isDirectory() ? 'directory' : 'other';
  } catch {
    return 'gone';
  }
}

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git')
      .slice(0, 200)
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}
