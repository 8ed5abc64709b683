// The part of the CLI that needs grpc-js, built as its own bundle (dist/cli-grpc.js) so that `--help`
// and `discover --no-probe` never parse grpc-js and protobufjs at start-up. esbuild.js maps the imports
// of these modules in the main CLI bundle to this one; under tsx they resolve as usual.
export { describeCommand } from './describe';
export { callCommand } from './call';
export { serveDemoCommand } from './serveDemo';
export * from '../ipc/reflection/client';
