// Turns FileDescriptorProtos from any source into one @bufbuild/protobuf registry, supplying the
// well-known types from the library when a source left them out.
import { create, fromBinary, type FileRegistry, createFileRegistry } from '@bufbuild/protobuf';
import { protoCamelCase } from '@bufbuild/protobuf/reflect';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  file_google_protobuf_any,
  file_google_protobuf_api,
  file_google_protobuf_descriptor,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_source_context,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_type,
  file_google_protobuf_wrappers,
  type DescriptorProto,
  type FileDescriptorProto,
} from '@bufbuild/protobuf/wkt';
import { IpcError } from '../errors';

const wellKnownFiles = new Map<string, FileDescriptorProto>(
  [
    file_google_protobuf_any,
    file_google_protobuf_api,
    file_google_protobuf_descriptor,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_source_context,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_type,
    file_google_protobuf_wrappers,
  ].map((file) => [file.proto.name, file.proto]),
);

/** The library's own descriptor of a well-known type file such as `google/protobuf/timestamp.proto`. */
export function wellKnownFile(name: string): FileDescriptorProto | undefined {
  return wellKnownFiles.get(name);
}

export function decodeFileDescriptor(bytes: Uint8Array): FileDescriptorProto {
  return fromBinary(FileDescriptorProtoSchema, bytes);
}

/** Decodes a serialized google.protobuf.FileDescriptorSet. */
export function decodeFileDescriptorSet(bytes: Uint8Array): FileDescriptorProto[] {
  return fromBinary(FileDescriptorSetSchema, bytes).file;
}

/**
 * Builds a registry from files in any order. The library wants dependencies first, so the files are
 * sorted; a missing well-known import is taken from the library, any other missing import is an error.
 */
export function buildRegistry(files: Iterable<FileDescriptorProto>, origin: string): FileRegistry {
  const byName = new Map<string, FileDescriptorProto>();
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file);
  // An import nobody provided may still be harmless: protobufjs names files by package, so a set can
  // import "google_protobuf.proto" and get those types from the library. Drop such imports, let the
  // repair find the types, and only complain when some type is then still unknown.
  preferLibraryWellKnownTypes(byName);
  const missing = dropMissingImports(byName);
  const unresolved = repairDependencies(byName);
  if (missing.length && unresolved.size)
    throw new IpcError(
      'schema',
      `${missing[0].importer} imports ${missing[0].name}, which ${origin} did not provide.`,
      'Add the folder that holds it with {importPath}, or include it in the protoset (protoc --include_imports).',
    );
  const ordered: FileDescriptorProto[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, importer: string | undefined): void => {
    if (state.get(name) === 'done' || state.get(name) === 'visiting') return;
    const file = byName.get(name) ?? wellKnownFile(name);
    if (!file)
      throw new IpcError(
        'schema',
        `${importer ?? 'The schema'} imports ${name}, which ${origin} did not provide.`,
        'Add the folder that holds it with {importPath}, or include it in the protoset (protoc --include_imports).',
      );
    state.set(name, 'visiting');
    for (const dependency of file.dependency) visit(dependency, name);
    state.set(name, 'done');
    ordered.push(file);
  };
  for (const name of byName.keys()) visit(name, undefined);
  try {
    return createFileRegistry(create(FileDescriptorSetSchema, { file: ordered }));
  } catch (error) {
    throw new IpcError(
      'schema',
      `The descriptors from ${origin} are not valid: ${(error as Error).message}`,
      'Check the .proto files or regenerate the protoset.',
    );
  }
}

/**
 * Makes descriptors from lenient producers acceptable to the registry, which wants what protoc writes.
 * protobufjs (under @grpc/proto-loader and @grpc/reflection) writes type names relative to their scope
 * ("common.Money"), and @grpc/reflection regroups files by package and leaves their import lists empty.
 * So relative names are qualified with protobuf's scoping rules, and missing imports are added; a type
 * that no file defines is looked up among the well-known types. Correct descriptors pass unchanged.
 */
export function repairDependencies(byName: Map<string, FileDescriptorProto>): Set<string> {
  const unresolved = new Set<string>();
  const definedIn = new Map<string, string>();
  const define = (file: FileDescriptorProto) => {
    for (const name of declaredTypes(file)) if (!definedIn.has(name)) definedIn.set(name, file.name);
  };
  for (const file of byName.values()) define(file);
  const wellKnownOwner = new Map<string, FileDescriptorProto>();
  for (const file of wellKnownFiles.values()) for (const name of declaredTypes(file)) wellKnownOwner.set(name, file);
  const exists = (name: string) => definedIn.has(name) || wellKnownOwner.has(name);

  for (const file of [...byName.values()]) {
    qualifyNames(file, exists);
    const reachable = reachableFiles(file, byName);
    for (const typeName of referencedTypes(file)) {
      let owner = definedIn.get(typeName);
      if (!owner) {
        const known = wellKnownOwner.get(typeName);
        if (!known) {
          unresolved.add(typeName);
          continue;
        }
        byName.set(known.name, known);
        define(known);
        owner = known.name;
      }
      if (!reachable.has(owner)) {
        file.dependency.push(owner);
        reachable.add(owner);
      }
    }
  }
  return unresolved;
}

/**
 * protobufjs-based producers put the well-known types they use into one file named by package
 * (google_protobuf.proto). When the library defines every type in such a file, drop it, so the
 * registry gets the canonical google/protobuf/*.proto files (the repair re-links the imports).
 */
function preferLibraryWellKnownTypes(byName: Map<string, FileDescriptorProto>): void {
  const known = new Set([...wellKnownFiles.values()].flatMap((file) => declaredTypes(file)));
  for (const [name, file] of byName) {
    if (file.package !== 'google.protobuf' || wellKnownFiles.has(name)) continue;
    if (declaredTypes(file, true).every((type) => known.has(type))) byName.delete(name);
  }
}

/** Removes imports of files that are neither in the set nor well-known, keeping public/weak indices right. */
function dropMissingImports(byName: Map<string, FileDescriptorProto>): { importer: string; name: string }[] {
  const missing: { importer: string; name: string }[] = [];
  for (const file of byName.values()) {
    const keep = file.dependency.map((name) => byName.has(name) || wellKnownFile(name) !== undefined);
    if (keep.every(Boolean)) continue;
    let next = 0;
    const newIndex = keep.map((kept) => (kept ? next++ : -1));
    file.dependency.forEach((name, index) => keep[index] || missing.push({ importer: file.name, name }));
    file.publicDependency = file.publicDependency.filter((index) => keep[index]).map((index) => newIndex[index]);
    file.weakDependency = file.weakDependency.filter((index) => keep[index]).map((index) => newIndex[index]);
    file.dependency = file.dependency.filter((_name, index) => keep[index]);
  }
  return missing;
}

/** Rewrites relative type names to fully qualified ones, searching from the innermost scope outwards. */
function qualifyNames(file: FileDescriptorProto, exists: (name: string) => boolean): void {
  const resolve = (name: string, scope: string): string => {
    if (!name || name.startsWith('.')) return name;
    for (let prefix = scope; ; prefix = prefix.slice(0, Math.max(0, prefix.lastIndexOf('.')))) {
      const candidate = `${prefix}.${name}`;
      if (exists(candidate)) return candidate;
      if (!prefix) return name;
    }
  };
  const packageScope = file.package ? `.${file.package}` : '';
  const fixField = (field: FileDescriptorProto['extension'][number], scope: string) => {
    field.typeName = resolve(field.typeName, scope);
    field.extendee = resolve(field.extendee, scope);
    // protoc always fills json_name and the registry copies it as is; protobufjs leaves it out, which
    // would make every JSON key empty. Fill it in the way protoc does.
    if (!field.jsonName) field.jsonName = protoCamelCase(field.name);
  };
  const walk = (message: DescriptorProto, scope: string) => {
    const inner = `${scope}.${message.name}`;
    for (const field of [...message.field, ...message.extension]) fixField(field, inner);
    for (const nested of message.nestedType) walk(nested, inner);
  };
  for (const message of file.messageType) walk(message, packageScope);
  for (const field of file.extension) fixField(field, packageScope);
  for (const service of file.service)
    for (const method of service.method) {
      method.inputType = resolve(method.inputType, packageScope);
      method.outputType = resolve(method.outputType, packageScope);
    }
}

/** Fully qualified names (with the leading dot) of the messages, enums and services a file defines. */
function declaredTypes(file: FileDescriptorProto, skipMapEntries = false): string[] {
  const prefix = file.package ? `.${file.package}` : '';
  const names = [...file.enumType.map((e) => `${prefix}.${e.name}`), ...file.service.map((s) => `${prefix}.${s.name}`)];
  const walk = (message: DescriptorProto, scope: string) => {
    // Map entries are synthetic, and producers name them differently (FieldsEntry, Fields).
    if (skipMapEntries && message.options?.mapEntry) return;
    const name = `${scope}.${message.name}`;
    names.push(name, ...message.enumType.map((e) => `${name}.${e.name}`));
    for (const nested of message.nestedType) walk(nested, name);
  };
  for (const message of file.messageType) walk(message, prefix);
  return names;
}

/** Fully qualified type names a file uses in fields, extensions and methods. */
function referencedTypes(file: FileDescriptorProto): Set<string> {
  const names = new Set<string>();
  const walk = (message: DescriptorProto) => {
    for (const field of [...message.field, ...message.extension]) {
      if (field.typeName.startsWith('.')) names.add(field.typeName);
      if (field.extendee.startsWith('.')) names.add(field.extendee);
    }
    for (const nested of message.nestedType) walk(nested);
  };
  file.messageType.forEach(walk);
  for (const field of file.extension) {
    if (field.typeName.startsWith('.')) names.add(field.typeName);
    if (field.extendee.startsWith('.')) names.add(field.extendee);
  }
  for (const service of file.service)
    for (const method of service.method) {
      names.add(method.inputType);
      names.add(method.outputType);
    }
  return names;
}

/** The file itself, its imports, and whatever those re-export through `import public`. */
function reachableFiles(file: FileDescriptorProto, byName: Map<string, FileDescriptorProto>): Set<string> {
  const reachable = new Set<string>([file.name]);
  const addPublic = (name: string) => {
    if (reachable.has(name)) return;
    reachable.add(name);
    const dep = byName.get(name) ?? wellKnownFile(name);
    for (const index of dep?.publicDependency ?? []) addPublic(dep!.dependency[index]);
  };
  for (const name of file.dependency) addPublic(name);
  return reachable;
}
