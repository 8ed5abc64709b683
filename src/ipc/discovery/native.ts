// The optional native helpers (native/discovery.cc) for Linux. Discovery works the same without them,
// in plain JavaScript; with them, listing 10,000 files and 1,000 sockets costs a few milliseconds instead
// of tens, because no JavaScript object is made per plain file or per file descriptor.
import { join } from 'node:path';

/**
 * One directory's entries that are not regular files among the first `budget` in name order, or why it
 * could not be read. Name order is the byte order of their UTF-8, the order libuv's readdir gives the
 * JavaScript path, so both spend an entry budget on the same entries.
 */
export type NativeListing =
  | {
      /** Every entry in the folder, plain files included (for the scan's entry budget). */
      count: number;
      /** In name order. */
      names: string[];
      /** Each name's place among all the folder's entries in name order. */
      ranks: Float64Array;
      /** One letter per name: 's' socket, 'd' directory, 'l' symlink, '?' unknown. */
      types: string;
      /** lstat mode and uid of each socket; -1 where it vanished. Unused for other types. */
      modes: Float64Array;
      uids: Float64Array;
    }
  | { error: string };

/** Parallel arrays, one entry per listening row; paths are the kernel's text ('@' for abstract). */
export interface KernelListeners {
  inodes: Float64Array;
  types: Float64Array;
  paths: string[];
  /** 'diag': the kernel's socket diagnostics, each name as its own bytes; 'table': /proc/net/unix's text. */
  source: 'diag' | 'table';
}

export interface NativeDiscovery {
  /** Read in libuv's thread pool; only the first `budget` entries in name order are returned. */
  listDir(dir: string, budget: number): Promise<NativeListing>;
  /**
   * The named listening Unix sockets, from the kernel's socket diagnostics where it has them (no name can
   * pass for a row there), else from /proc/net/unix, read and parsed in the thread pool.
   */
  listeningUnix(): Promise<KernelListeners>;
  /**
   * The same, plus the pid holding each (-1 where none is found) from the /proc/<pid>/fd links, walked
   * until every listener has one, and how many fd folders could not be read.
   */
  listeningUnix(withOwners: true): Promise<KernelListeners & { pids: Float64Array; unreadable: number }>;
  /** One letter per path: 'l' listening, 'r' refused, 'm' missing, 'd' denied, 'u' unknown. */
  connectUnix(paths: string[]): string;
}

/** Where the addon is: beside the bundles in dist/, or in the build folder when running from source. */
const CANDIDATES = [join(__dirname, 'grpc_ipc_native.node'), join(__dirname, '../../../native/build/Release/grpc_ipc_native.node')];

let loaded: NativeDiscovery | null | undefined;

/** The addon, or null: not Linux, not built, or turned off with GRPC_IPC_NATIVE=0. */
export function nativeDiscovery(): NativeDiscovery | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux' || process.env.GRPC_IPC_NATIVE === '0') return loaded;
  for (const file of CANDIDATES) {
    // process.dlopen, not require: require's path resolution costs a CLI start-up over a millisecond.
    const addon = { exports: {} };
    try {
      process.dlopen(addon, file);
      loaded = addon.exports as NativeDiscovery;
      break;
    } catch {
      // not built here, or built for another CPU or C library: the JavaScript path does the same work
    }
  }
  return loaded;
}
