// Types the core defines and the webview sees as well. They live here, not in src/ipc, because the
// webview may import only src/shared; the core imports them from here, so each has one definition.

/** Where a gRPC server listens. One variant per transport, never a bag of optional fields. */
export type Endpoint =
  | { kind: 'unix'; path: string }
  | { kind: 'abstract'; name: string }
  | { kind: 'pipe'; name: string }
  | { kind: 'tcp'; host: string; port: number };

/** A transport family, as the endpoint kinds name them. */
export type TransportKind = Endpoint['kind'];

/** A target as typed in the panel's target bar, one variant per transport; endpointFromDraft checks it. */
export type TargetDraft =
  | { kind: 'unix'; path: string }
  | { kind: 'abstract'; name: string }
  | { kind: 'pipe'; name: string }
  | { kind: 'tcp'; host: string; port: string };

/** Where a schema comes from; the CLI's flags, the panel's method picker and grpcurl's flags all say one of these. */
export type SchemaSource =
  { kind: 'reflection' } | { kind: 'proto'; files: string[]; importPaths: string[] } | { kind: 'protoset'; file: string };

/** Machine-readable reasons a user-caused failure can have. */
export type IpcErrorCode =
  | 'bad-target'
  | 'path-too-long'
  | 'abstract-needs-node22'
  | 'pipe-not-supported'
  | 'socket-missing'
  | 'socket-stale'
  | 'not-a-socket'
  | 'address-in-use'
  | 'permission-denied'
  | 'server-busy'
  | 'not-grpc'
  | 'deadline'
  | 'unknown-method'
  | 'reflection-unavailable'
  | 'bad-request-json'
  | 'message-too-large'
  | 'owner-mismatch'
  | 'pin-mismatch'
  | 'tls'
  | 'schema'
  | 'unresolved-variable'
  | 'usage'
  | 'internal';
