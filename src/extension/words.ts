// How the extension names what a hint tells the user to change (see src/ipc/remedy.ts): the request
// panel names its own fields; notifications and the tree name settings and commands.
import type { KnobWords } from '../ipc/remedy';

/** The request panel's words: the fields a user can change there. */
export const PANEL_WORDS: KnobWords = {
  deadline: 'the Deadline field',
  maxReceiveBytes: 'the Max message field',
  maxSendBytes: 'the Max message field',
  tls: 'the TLS switch',
  ca: 'the CA file',
  cert: 'the Client cert file',
  key: 'the Client key file',
  serverName: 'the Server name field',
  insecure: 'the Skip verification option',
  pin: 'a certificate pin (Pin certificate)',
  proto: 'the .proto files schema source',
  protoset: 'the Protoset file schema source',
  importPath: 'the import paths of the .proto source',
  listen: 'another address',
  expectOwner: 'the setting grpcIpc.owner.expected',
  target: 'the target',
  environment: 'the Environment picker (gRPC IPC: Select Environment)',
};

/** Notifications' and the tree's words: settings and launch configuration fields. */
export const SETTING_WORDS: KnobWords = {
  deadline: 'the setting grpcIpc.call.deadlineMs',
  maxReceiveBytes: 'the request builder’s Max message field',
  maxSendBytes: 'the request builder’s Max message field',
  tls: 'the server’s "tls" settings in its launch configuration',
  ca: 'the "tls.ca" file of the launch configuration',
  cert: 'the "tls.cert" file of the launch configuration',
  key: 'the "tls.key" file of the launch configuration',
  serverName: 'the "tls.serverName" of the launch configuration',
  insecure: 'the "tls.insecure" option of the launch configuration',
  pin: 'the setting grpcIpc.tls.pins',
  proto: 'the setting grpcIpc.protoFiles (or the server’s "protoFiles")',
  protoset: 'the setting grpcIpc.protoFiles (or the server’s "protoFiles")',
  importPath: 'the setting grpcIpc.importPaths',
  listen: 'the "listen" address of the launch configuration',
  expectOwner: 'the setting grpcIpc.owner.expected',
  target: 'the target',
  environment: 'the command gRPC IPC: Select Environment',
};
