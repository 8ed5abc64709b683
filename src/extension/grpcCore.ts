// The one place the extension reaches the core modules that need grpc-js and protobuf. They run on
// the first call of grpcCore(), not when the lazy bundle loads, so listing endpoints (the explorer
// without a request panel) never pays for grpc-js.
type GrpcModules = typeof import('./grpcModules');

export function grpcCore(): GrpcModules {
  // A require() inside a function is bundled as a module that runs on its first call, not at load.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./grpcModules');
}
