// The core modules that need grpc-js or protobuf. Only grpcCore.ts loads this file, on first use.
export { probeCertificate } from '../ipc/panelSupport/certificate';
export { findMethod, loadSchema, loadSchemaByReflection, loadSchemaFromProtos } from '../ipc/schema/schema';
export { requestTemplate } from '../ipc/schema/template';
export { anyTypeUrls, messageJsonSchema } from '../ipc/schema/jsonSchema';
export { preflight } from '../ipc/connection';
export { validateRequestJson } from '../ipc/json/codec';
export { startCall } from '../ipc/call/invoke';
