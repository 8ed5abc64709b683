// grpc-ipc describe: the services and methods of a server, from reflection, .proto files or a protoset.
import { formatTarget } from '../ipc/endpoint';
import { loadSchema, type Schema } from '../ipc/schema/schema';
import { callKind } from '../ipc/types';
import { escapeControls } from '../ipc/text';
import { COMMON_USAGE, commonFlags, parseCommandLine, readCommonOptions, type CommonValues } from './options';

const USAGE = `Usage: grpc-ipc describe TARGET [--proto FILE ... -I DIR ...] [--protoset FILE] [TLS] [--json]
${COMMON_USAGE}
Exit codes: 0 listed, 1 failed, 2 usage error.`;

/** Reflection can be slow on a loaded server, but a describe should never hang: 5 s unless told. */
const DEFAULT_DEADLINE_MS = 5000;

export async function describeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, commonFlags, USAGE);
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const options = readCommonOptions(positionals[0], values as CommonValues, DEFAULT_DEADLINE_MS, USAGE);
  const schema = await loadSchema(options.schema, options.connect, options.deadlineMs);
  if (options.json) console.log(JSON.stringify(describeJson(schema), null, 2));
  else process.stdout.write(describeText(schema, formatTarget(options.connect.endpoint)));
  return 0;
}

/** The `--json` shape, and nothing more, so scripts can rely on it. */
export function describeJson(schema: Schema) {
  return {
    source: schema.source,
    services: schema.services.map((service) => ({
      name: service.name,
      methods: service.methods.map((method) => ({
        name: method.name,
        requestType: method.requestType,
        responseType: method.responseType,
        clientStreaming: method.clientStreaming,
        serverStreaming: method.serverStreaming,
      })),
    })),
  };
}

const sourceNames: Record<Schema['source'], string> = {
  'reflection-v1': 'server reflection (v1)',
  'reflection-v1alpha': 'server reflection (v1alpha)',
  proto: '.proto files',
  protoset: 'protoset',
};

export function describeText(schema: Schema, target: string): string {
  const count = `${schema.services.length} service${schema.services.length === 1 ? '' : 's'}`;
  const lines = [`${target} — ${count}, from ${sourceNames[schema.source]}`];
  const peer = schema.peerCertificate;
  if (peer) {
    lines.push(`TLS: ${peer.subject}, issued by ${peer.issuer}, valid until ${peer.validTo}`);
    lines.push(`     sha256:${peer.sha256} (${peer.chainVerified ? 'chain verified' : `chain not verified: ${peer.chainError}`})`);
  }
  for (const service of schema.services) {
    lines.push('', service.name);
    const width = Math.max(0, ...service.methods.map((method) => method.name.length));
    for (const method of service.methods) {
      const request = `${method.clientStreaming ? 'stream ' : ''}${method.requestType}`;
      const response = `${method.serverStreaming ? 'stream ' : ''}${method.responseType}`;
      lines.push(`  ${method.name.padEnd(width)}  ${callKind(method).padEnd(16)}  ${request} → ${response}`);
    }
  }
  return lines.map(escapeControls).join('\n') + '\n'; // names come from the server
}
