// Everything the extension loads on first use rather than at activation: discovery, the request
// panel and what the commands do. It is bundled apart, as dist/extension-lazy.js, so that activation compiles only the glue;
// loadLazy.ts is its one door. Nothing here loads grpc-js when the bundle loads: the modules that
// need it come in through grpcCore() (and discovery's probe loads reflection on its first gRPC answer).
export * as discovery from '../ipc/discovery/discover';
export * as watch from '../ipc/discovery/watch';
export * as listeners from '../ipc/discovery/listeners';
export * as stale from '../ipc/discovery/stale';
export * as requestPanel from './panel/requestPanel';
export * as owner from '../ipc/owner';
export { grpcCore } from './grpcCore';
export { COMMAND_HANDLERS as commandHandlers } from './commandHandlers';
