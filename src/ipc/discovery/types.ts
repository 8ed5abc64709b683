// The shapes discovery reports, shared by the CLI, the extension and the bench.
import type { GrpcFacts } from './probe';

export type { GrpcFacts } from './probe';

/** Transports discovery can find on this machine. */
export type DiscoveredKind = 'unix' | 'abstract' | 'pipe';

/** Stable machine-readable warning names. */
export type WarningCode =
  | 'world-writable'
  | 'other-user-owner'
  | 'listener-uid-mismatch'
  | 'insecure-directory'
  | 'abstract-no-permissions'
  | 'abstract-padded-name'
  | 'abstract-needs-node22'
  | 'owner-unknown'
  | 'symlink-to-socket'
  | 'socket-file-missing'
  | 'relative-bind-path'
  | 'connect-denied'
  | 'pipe-listing-unavailable'
  | 'scan-truncated'
  | 'lsof-unavailable';

/** A warning about one endpoint, or about the discovery run as a whole. */
export interface DiscoveryWarning {
  code: WarningCode;
  message: string;
}

/** One endpoint as discovery reports it; `--json` prints exactly these keys. */
export interface DiscoveredEndpoint {
  kind: DiscoveredKind;
  /** A target string parseTarget accepts: unix:/path, unix-abstract:name, npipe:name. */
  address: string;
  /** The socket file path, '@name' for an abstract socket, or the full pipe path. */
  path: string;
  /** A short display name: the file name, the abstract name or the pipe name. */
  name: string;
  listening: boolean;
  /** A socket file nobody listens on. */
  stale: boolean;
  /** Owner and mode of the socket file; null for abstract sockets and pipes. */
  uid: number | null;
  user: string | null;
  mode: string | null;
  pid: number | null;
  command: string | null;
  processUid: number | null;
  warnings: DiscoveryWarning[];
  /** Null when not probed, or when the probe found no gRPC server. */
  grpc: GrpcFacts | null;
}

/** What to scan and whether to probe. */
export interface DiscoverOptions {
  /** Extra directories to scan (two levels deep). */
  dirs?: string[];
  /** Workspace folders, scanned deeper but bounded, skipping node_modules and .git. */
  workspaceFolders?: string[];
  /** Scan $XDG_RUNTIME_DIR, /run/user/<uid>, /tmp, the temp dir, /run and /var/run; default true. */
  defaultDirs?: boolean;
  /** Probe listeners for gRPC, health and reflection; default true. */
  probe?: boolean;
  /** Per-endpoint probe deadline; default 300 ms. */
  probeDeadlineMs?: number;
  /** Probes in flight at once; default 32. */
  probeConcurrency?: number;
  /** Also probe well-known system sockets (X11, D-Bus, systemd); default false. */
  probeSystemSockets?: boolean;
  /** Vetoes probing one listed endpoint (a caller's owner policy); every endpoint may be probed when absent. */
  mayProbe?: (endpoint: DiscoveredEndpoint) => boolean;
  /** Called once with every endpoint found, before any probe has finished. */
  onListed?: (endpoints: DiscoveredEndpoint[]) => void;
}

/** The endpoints plus warnings about the run itself (pipe listing failed, a scan was cut short). */
export interface DiscoveryReport {
  endpoints: DiscoveredEndpoint[];
  warnings: DiscoveryWarning[];
}

/** The exact keys of a DiscoveredEndpoint, in print order. */
export const ENDPOINT_KEYS = [
  'kind',
  'address',
  'path',
  'name',
  'listening',
  'stale',
  'uid',
  'user',
  'mode',
  'pid',
  'command',
  'processUid',
  'warnings',
  'grpc',
] as const satisfies readonly (keyof DiscoveredEndpoint)[];
