// Stand-in for src/cli/options.ts and src/ipc/schema/schema.ts until they are merged: shared flags and
// schema loading (protoset only here), with the same names.
import { readFileSync } from 'node:fs';
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { IpcError } from '../ipc/errors';
import type { ConnectOptions, MethodInfo, ServiceInfo, TlsOptions } from '../ipc/types';

export interface Schema {
  registry: FileRegistry;
  services: ServiceInfo[];
}
export type SchemaRequest =
  { kind: 'reflection' } | { kind: 'proto'; files: string[]; importPaths: string[] } | { kind: 'protoset'; file: string };

export interface SharedOptions {
  tls?: TlsOptions;
  schema: SchemaRequest;
  deadlineMs: number;
  maxReceiveBytes?: number;
  maxSendBytes?: number;
}

export function parseSharedOptions(args: string[]): SharedOptions {
  const options: SharedOptions = { schema: { kind: 'reflection' }, deadlineMs: 10_000 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined) throw new IpcError('usage', `${flag} needs a value.`);
      return next;
    };
    if (flag === '--protoset') options.schema = { kind: 'protoset', file: value() };
    else if (flag === '--deadline') options.deadlineMs = parseFloat(value()) * 1000;
    else if (flag === '--tls') options.tls = { ...options.tls };
    else if (flag === '--ca') options.tls = { ...options.tls, ca: value() };
    else if (flag === '--server-name') options.tls = { ...options.tls, serverName: value() };
    else if (flag === '--max-receive-bytes') options.maxReceiveBytes = Number(value());
    else throw new IpcError('usage', `Unknown flag ${flag}.`);
  }
  return options;
}

export async function loadSchema(request: SchemaRequest, _connect: ConnectOptions, _deadlineMs: number): Promise<Schema> {
  if (request.kind !== 'protoset') throw new IpcError('schema', 'only --protoset for now');
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(request.file)));
  const services: ServiceInfo[] = [];
  for (const file of registry.files)
    for (const service of file.services)
      services.push({
        name: service.typeName,
        methods: service.methods.map((m) => ({
          name: m.name,
          fullName: `${service.typeName}.${m.name}`,
          path: `/${service.typeName}/${m.name}`,
          requestType: m.input.typeName,
          responseType: m.output.typeName,
          clientStreaming: m.methodKind === 'client_streaming' || m.methodKind === 'bidi_streaming',
          serverStreaming: m.methodKind === 'server_streaming' || m.methodKind === 'bidi_streaming',
        })),
      });
  return { registry, services };
}

export function findMethod(schema: Schema, name: string): MethodInfo {
  const trimmed = name.replace(/^\//, '');
  const split = trimmed.includes('/') ? trimmed.lastIndexOf('/') : trimmed.lastIndexOf('.');
  const method = schema.services.find((s) => s.name === trimmed.slice(0, split))?.methods.find((m) => m.name === trimmed.slice(split + 1));
  if (!method) throw new IpcError('unknown-method', `No method ${name}.`);
  return method;
}
