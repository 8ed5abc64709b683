// The core modules that pull in grpc-js and protobuf. Only ./core loads this file, on first use.
export { probeCertificate } from '../../ipc/panelSupport/certificate';
export { findMethod, loadSchema } from '../../ipc/schema/schema';
export { explainGrpcError, preflight } from '../../ipc/connection';
export { validateRequestJson } from '../../ipc/json/codec';
export { startCall } from '../../ipc/call/invoke';
export { checkExpectedOwner, inspectOwner } from '../../ipc/owner';
export { discover } from '../../ipc/discovery/discover';
