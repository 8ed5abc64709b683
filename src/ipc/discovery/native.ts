// The optional native helpers (native/discovery.cc) for Linux. Discovery works the same without them,
// in plain JavaScript; with them, listing 10,000 files and 1,000 sockets costs a few milliseconds instead
// of tens, because no JavaScript object is made per plain file or per file descriptor.
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** One directory's entries that are not regular files, or why it could not be read. */
export type NativeListing =
  | {
      /** Every entry read, plain files included (for the scan's entry budget). */
      count: number;
      names: string[];
      /** One letter per name: 's' socket, 'd' directory, 'l' symlink, '?' unknown. */
      types: string;
      /** lstat mode and uid of each socket; -1 where it vanished. Unused for other types. */
      modes: Float64Array;
      uids: Float64Array;
    }
  | { error: string };

export interface NativeDiscovery {
  /** Read in libuv's thread pool. */
  listDir(dir: string, budget: number): Promise<NativeListing>;
  /** [inode, pid] pairs for every socket held by the pids, first pid wins; read in the thread pool. */
  socketOwners(pids: Float64Array): Promise<{ found: Float64Array; unreadable: number }>;
  /** The named listening sockets of /proc/net/unix, read and parsed in the thread pool. */
  listeningUnix(): Promise<{ inodes: Float64Array; types: Float64Array; paths: string[] }>;
  /** One letter per path: 'l' listening, 'r' refused, 'm' missing, 'd' denied, 'u' unknown. */
  connectUnix(paths: string[]): string;
}

/** Where the addon is: beside the bundles in dist/, or in the build folder when running from source. */
const CANDIDATES = [
  path.join(__dirname, 'grpc_ipc_native.node'),
  path.join(__dirname, '../../../native/build/Release/grpc_ipc_native.node'),
];

let loaded: NativeDiscovery | null | undefined;

/** The addon, or null: not Linux, not built, or turned off with GRPC_IPC_NATIVE=0. */
export function nativeDiscovery(): NativeDiscovery | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  if (process.platform !== 'linux' || process.env.GRPC_IPC_NATIVE === '0') return loaded;
  const load = createRequire(__filename);
  for (const file of CANDIDATES) {
    try {
      loaded = load(file) as NativeDiscovery;
      break;
    } catch {
      // not built here, or built for another CPU or C library: the JavaScript path does the same work
    }
  }
  return loaded;
}
