// Parses .proto files with protobufjs and returns their FileDescriptorProtos.
// protobufjs is used directly (as @grpc/proto-loader does inside) for two reasons: its bundled
// definitions of google/protobuf/api.proto and type.proto repeat types from other well-known files,
// so importing two of them fails with "duplicate name"; and proto-loader's async load throws such
// errors outside the returned promise. Here every well-known file is marked loaded up front, and one
// union of the types of those the files import is added before resolving.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as protobuf from 'protobufjs';
import { FileDescriptorProto as FileDescriptorProtoType } from 'protobufjs/ext/descriptor';
import apiJson from 'protobufjs/google/protobuf/api.json';
import descriptorJson from 'protobufjs/google/protobuf/descriptor.json';
import sourceContextJson from 'protobufjs/google/protobuf/source_context.json';
import typeJson from 'protobufjs/google/protobuf/type.json';

const BUILT_IN = ['any', 'duration', 'empty', 'field_mask', 'struct', 'timestamp', 'wrappers'];
const SHIPPED_JSON: Record<string, unknown> = {
  api: apiJson,
  descriptor: descriptorJson,
  source_context: sourceContextJson,
  type: typeJson,
};

/** The file names protobufjs must treat as loaded, because the union below provides their types. */
export const WELL_KNOWN_FILES = [...BUILT_IN, 'api', 'descriptor', 'source_context', 'type'].map((name) => `google/protobuf/${name}.proto`);

type JsonNamespace = { nested?: Record<string, JsonNamespace> };

/** Which well-known files each one imports. */
const WELL_KNOWN_IMPORTS: Record<string, string[]> = { api: ['source_context', 'type'], type: ['any', 'source_context'] };

/** One `google.protobuf` namespace holding the types of the named well-known files, each once. */
function wellKnownUnion(names: Set<string>): Record<string, JsonNamespace> {
  const types: Record<string, JsonNamespace> = {};
  for (const name of names) {
    const source = (
      BUILT_IN.includes(name) ? protobuf.common.get(`google/protobuf/${name}.proto`) : SHIPPED_JSON[name]
    ) as JsonNamespace | null;
    Object.assign(types, source?.nested?.google?.nested?.protobuf?.nested ?? {});
  }
  return { google: { nested: { protobuf: { nested: types } } } };
}

/** .proto files that import each other in a cycle; `files` runs from a file back to itself. */
export class ImportCycleError extends Error {
  constructor(readonly files: string[]) {
    super(`the files import each other in a cycle: ${files.join(' → ')}`);
  }
}

/** The first import cycle found, as the files along it with the first repeated at the end. */
function importCycle(imports: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = onPath.indexOf(file);
    if (at >= 0) return [...onPath.slice(at), file];
    if (done.has(file)) return undefined;
    onPath.push(file);
    for (const next of imports.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(file);
    return undefined;
  };
  for (const file of imports.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** A file as its imports name it: relative to the import path it lies under, else as found. */
function displayName(file: string, importPaths: string[]): string {
  for (const dir of importPaths) {
    const relative = path.relative(dir, file);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return file;
}

const IMPORT = /^\s*import\s+(?:public\s+|weak\s+)?["']google\/protobuf\/(\w+)\.proto["']/gm;

/**
 * Parses `files` (names relative to one of `importPaths`) and everything they import.
 * Throws protobufjs's own error on a syntax error or a missing file, and ImportCycleError when files
 * import each other in a cycle.
 */
export function parseProtoFiles(files: string[], importPaths: string[]): Uint8Array[] {
  const root = new protobuf.Root();
  root.files.push(...WELL_KNOWN_FILES);
  // protobufjs resolves each file right before reading and parsing it, so the latest one is the file a
  // syntax error belongs to; its messages name only the line.
  let latest = '';
  const resolve = (origin: string, target: string): string => {
    if (path.isAbsolute(target)) return target;
    for (const dir of importPaths) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return protobuf.util.path.resolve(origin, target);
  };
  // Every import edge, file → the files it imports: protobufjs skips a file it has seen, so it would
  // accept a cycle that protoc refuses.
  const imports = new Map<string, string[]>();
  root.resolvePath = (origin, target) => {
    latest = resolve(origin, target);
    if (origin) imports.set(origin, [...(imports.get(origin) ?? []), latest]);
    return latest;
  };
  // loadSync ends by resolving every type, which would fail before the well-known types are added;
  // resolving is postponed until the files' imports are known.
  const resolveAll = root.resolveAll;
  root.resolveAll = () => root;
  try {
    root.loadSync(files, { keepCase: true });
  } catch (error) {
    const message = (error as Error).message;
    if (latest && /\(line \d+\)/.test(message) && !message.includes(latest))
      (error as Error).message = message.replace(/\(line (\d+)\)/, `(${latest}, line $1)`);
    throw error;
  } finally {
    root.resolveAll = resolveAll;
  }
  const cycle = importCycle(imports);
  if (cycle) throw new ImportCycleError(cycle.map((file) => displayName(file, importPaths)));
  const used = new Set<string>();
  const use = (name: string) => {
    if (used.has(name) || !WELL_KNOWN_FILES.includes(`google/protobuf/${name}.proto`)) return;
    used.add(name);
    for (const dependency of WELL_KNOWN_IMPORTS[name] ?? []) use(dependency);
  };
  for (const file of root.files) {
    if (WELL_KNOWN_FILES.includes(file)) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) use(match[1]);
  }
  if (used.size) root.addJSON(wellKnownUnion(used));
  root.resolveAll();
  const set = (root as unknown as { toDescriptor(syntax: string): { file: protobuf.Message[] } }).toDescriptor('proto3');
  return set.file.map((file) => FileDescriptorProtoType.encode(file).finish());
}
