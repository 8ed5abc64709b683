// A schema: the services and message types of a server, from reflection, .proto files or a protoset.
// Every source ends as FileDescriptorProtos in one @bufbuild/protobuf registry.
import type { DescService, FileRegistry } from '@bufbuild/protobuf';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IpcError } from '../errors';
import { ReflectionAnswerError, withReflection, type ReflectionSession } from '../reflection/client';
import type { ConnectOptions, MethodInfo, PeerCertificate, SchemaOrigin, ServiceInfo } from '../types';
import type { SchemaSource } from '../../shared/types';
import { ImportCycleError, parseProtoFiles } from './protoFiles';
import { buildRegistry, decodeFileDescriptor, decodeFileDescriptorSet, wellKnownFile } from './descriptors';
import type { FileDescriptorProto } from '@bufbuild/protobuf/wkt';

/** Services and types, plus where they came from. */
export interface Schema {
  source: SchemaOrigin;
  registry: FileRegistry;
  services: ServiceInfo[];
  /** The server certificate, when the schema came from reflection over TLS. */
  peerCertificate?: PeerCertificate;
}

/** Loads a schema from the requested source. */
export async function loadSchema(request: SchemaSource, connect: ConnectOptions, deadlineMs: number): Promise<Schema> {
  switch (request.kind) {
    case 'reflection':
      return loadSchemaByReflection(connect, deadlineMs);
    case 'proto':
      return loadSchemaFromProtos(request.files, request.importPaths);
    case 'protoset':
      return loadSchemaFromProtoset(request.file);
  }
}

/** Finds a method by `pkg.Svc/Method` or `pkg.Svc.Method`; the error names what exists. */
export function findMethod(schema: Schema, name: string): MethodInfo {
  const trimmed = name.trim().replace(/^\//, '');
  const slash = trimmed.lastIndexOf('/');
  const split = slash >= 0 ? slash : trimmed.lastIndexOf('.');
  const serviceName = split >= 0 ? trimmed.slice(0, split) : '';
  const methodName = split >= 0 ? trimmed.slice(split + 1) : trimmed;
  const service = schema.services.find((candidate) => candidate.name === serviceName);
  if (!service) {
    const names = schema.services.map((candidate) => candidate.name);
    throw new IpcError(
      'unknown-method',
      `There is no service ${serviceName || `in "${name}"`}.`,
      names.length ? `Services: ${names.join(', ')}. Write the method as pkg.Service/Method.` : 'The schema has no services.',
    );
  }
  const method = service.methods.find((candidate) => candidate.name === methodName);
  if (!method)
    throw new IpcError(
      'unknown-method',
      `${service.name} has no method ${methodName}.`,
      `Its methods: ${service.methods.map((m) => m.name).join(', ') || 'none'}.`,
    );
  return method;
}

/** Lists the services in a registry, optionally only those named. Sorted by name. */
export function servicesOf(registry: FileRegistry, only?: Set<string>): ServiceInfo[] {
  const services: ServiceInfo[] = [];
  for (const file of registry.files) {
    for (const service of file.services) {
      if (!only || only.has(service.typeName)) services.push(describeService(service));
    }
  }
  return services.sort((a, b) => a.name.localeCompare(b.name));
}

function describeService(service: DescService): ServiceInfo {
  return {
    name: service.typeName,
    methods: service.methods.map((method) => ({
      name: method.name,
      fullName: `${service.typeName}.${method.name}`,
      path: `/${service.typeName}/${method.name}`,
      requestType: method.input.typeName,
      responseType: method.output.typeName,
      clientStreaming: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
      serverStreaming: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    })),
  };
}

/** Asks the server through reflection (v1, else v1alpha) for its services and every file they need. */
export async function loadSchemaByReflection(options: ConnectOptions, deadlineMs: number): Promise<Schema> {
  return withReflection(options, deadlineMs, async (session, services, connection) => {
    const files = await collectFiles(session, services);
    const registry = buildRegistry(files.values(), 'the server reflection');
    const listed = new Set(services);
    const schema: Schema = {
      source: session.version === 'v1' ? 'reflection-v1' : 'reflection-v1alpha',
      registry,
      services: servicesOf(registry, listed),
    };
    const peer = connection.peerCertificate();
    if (peer) schema.peerCertificate = peer;
    return schema;
  });
}

/** file_containing_symbol per service, then file_by_filename for each import still missing. */
async function collectFiles(session: ReflectionSession, services: string[]): Promise<Map<string, FileDescriptorProto>> {
  const files = new Map<string, FileDescriptorProto>();
  const add = (blobs: Uint8Array[]) => {
    for (const blob of blobs) {
      const file = decodeFileDescriptor(blob);
      if (!files.has(file.name)) files.set(file.name, file);
    }
  };
  // A server may list a service it cannot describe; leave that one out rather than fail the rest.
  let described = 0;
  let lastError: ReflectionAnswerError | undefined;
  for (const service of services) {
    try {
      add(await session.fileContainingSymbol(service));
      described++;
    } catch (error) {
      if (!(error instanceof ReflectionAnswerError)) throw error;
      lastError = error;
    }
  }
  if (services.length && !described && lastError)
    throw new IpcError(
      'schema',
      `The server lists ${services.join(', ')} but its reflection cannot describe them: ${lastError.message}.`,
      'Pass {proto} or {protoset} with the service definitions.',
    );
  for (;;) {
    const missing = [...files.values()].flatMap((file) => file.dependency).filter((name) => !files.has(name));
    if (missing.length === 0) return files;
    for (const name of new Set(missing)) {
      try {
        add(await session.fileByFilename(name));
      } catch (error) {
        if (!(error instanceof ReflectionAnswerError)) throw error;
      }
      if (!files.has(name)) {
        // Some servers leave the well-known types out; the library carries the same files.
        const known = wellKnownFile(name);
        if (!known)
          throw new IpcError(
            'schema',
            `The server's reflection cannot provide ${name}, which its services import.`,
            'Pass {proto} or {protoset} with the service definitions.',
          );
        files.set(name, known);
      }
    }
  }
}

/**
 * Reads .proto files with protoc's rules: each file is named relative to the import path that holds
 * it, and google/protobuf/*.proto resolve without being supplied.
 */
export async function loadSchemaFromProtos(files: string[], importPaths: string[]): Promise<Schema> {
  if (files.length === 0) throw new IpcError('usage', 'No .proto file was given.', 'Pass at least one {proto} file.');
  const roots = (importPaths.length ? importPaths : [...new Set(files.map((file) => path.dirname(file)))]).map((dir) => path.resolve(dir));
  const relative = files.map((file) => protoName(file, roots));
  let blobs: Uint8Array[];
  try {
    blobs = parseProtoFiles(relative, roots);
  } catch (error) {
    if (error instanceof ImportCycleError)
      throw new IpcError(
        'schema',
        `Cannot load the .proto files: ${error.message}.`,
        'protoc refuses import cycles too: move what both files need into a third file that each imports.',
      );
    throw new IpcError(
      'schema',
      `Cannot load the .proto files: ${(error as Error).message}`,
      'Check the syntax, and add each folder your imports are relative to with {importPath}.',
    );
  }
  const registry = buildRegistry(
    blobs.map((blob) => decodeFileDescriptor(blob)),
    'the .proto files',
  );
  return { source: 'proto', registry, services: servicesOf(registry) };
}

/** The name protoc would give a file: its path below the first import path that contains it. */
function protoName(file: string, roots: string[]): string {
  const absolute = path.resolve(file);
  for (const root of roots) {
    const relative = path.relative(root, absolute);
    if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  if (!existsSync(absolute)) {
    const found = roots.find((root) => existsSync(path.join(root, file)));
    if (found) return file.split(path.sep).join('/');
    throw new IpcError(
      'schema',
      `The .proto file ${file} does not exist.`,
      'Check the path, or the {importPath} folders it is relative to.',
    );
  }
  throw new IpcError('schema', `${file} is not inside any import path (${roots.join(', ')}).`, 'Add its folder with {importPath}.');
}

/** Reads a binary FileDescriptorSet, as `protoc --descriptor_set_out --include_imports` writes. */
export async function loadSchemaFromProtoset(file: string): Promise<Schema> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    throw new IpcError(
      'schema',
      `Cannot read the protoset ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      'Check the path.',
    );
  }
  let decoded: FileDescriptorProto[];
  try {
    decoded = decodeFileDescriptorSet(bytes);
  } catch (error) {
    throw new IpcError(
      'schema',
      `${file} is not a FileDescriptorSet: ${(error as Error).message}`,
      'Generate it with protoc --descriptor_set_out=FILE --include_imports.',
    );
  }
  const registry = buildRegistry(decoded, `the protoset ${path.basename(file)}`);
  return { source: 'protoset', registry, services: servicesOf(registry) };
}
