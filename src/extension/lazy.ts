// Everything the extension loads on first use rather than at activation: discovery, schemas (grpc-js,
// protobuf) and the request panel. It is bundled apart, as dist/extension-lazy.js, so that activation
// compiles only the glue.
export * as discovery from '../ipc/discovery/discover';
export * as watch from '../ipc/discovery/watch';
export * as listeners from '../ipc/discovery/listeners';
export * as stale from '../ipc/discovery/stale';
export * as schema from '../ipc/schema/schema';
export * as requestPanel from './panel/requestPanel';
export * as owner from '../ipc/owner';
