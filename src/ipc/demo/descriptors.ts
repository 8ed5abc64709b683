// File descriptors for the demo's .proto files, one per file with real imports and fully
// qualified type names, as protoc makes them. proto-loader's own descriptors merge files per
// package and use relative names, which strict reflection clients reject.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { create, toBinary } from '@bufbuild/protobuf';
import {
  DescriptorProto,
  DescriptorProtoSchema,
  EnumDescriptorProto,
  EnumDescriptorProtoSchema,
  FieldDescriptorProto,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  FileDescriptorProto,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  ServiceDescriptorProto,
  ServiceDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';
import * as protobuf from 'protobufjs';
import { IpcError } from '../errors';
import { commentSourceInfo } from '../schema/sourceInfo';

/** Well-known files, taken from @bufbuild/protobuf's own compiled descriptors. */
const wellKnownFiles = new Map(
  [
    file_google_protobuf_any,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_wrappers,
  ].map((file) => [file.proto.name, file.proto]),
);

const scalarTypes: Record<string, FieldDescriptorProto_Type> = {
  double: FieldDescriptorProto_Type.DOUBLE,
  float: FieldDescriptorProto_Type.FLOAT,
  int64: FieldDescriptorProto_Type.INT64,
  uint64: FieldDescriptorProto_Type.UINT64,
  int32: FieldDescriptorProto_Type.INT32,
  fixed64: FieldDescriptorProto_Type.FIXED64,
  fixed32: FieldDescriptorProto_Type.FIXED32,
  bool: FieldDescriptorProto_Type.BOOL,
  string: FieldDescriptorProto_Type.STRING,
  bytes: FieldDescriptorProto_Type.BYTES,
  uint32: FieldDescriptorProto_Type.UINT32,
  sfixed32: FieldDescriptorProto_Type.SFIXED32,
  sfixed64: FieldDescriptorProto_Type.SFIXED64,
  sint32: FieldDescriptorProto_Type.SINT32,
  sint64: FieldDescriptorProto_Type.SINT64,
};

/** protoc's name for a map field's entry message: `big_numbers` → `BigNumbersEntry`. */
function mapEntryName(fieldName: string): string {
  return `${fieldName.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase()).replace(/_/g, '')}Entry`;
}

/** protoc's default JSON name: drop each underscore and upper-case the character after it. */
function jsonName(fieldName: string): string {
  return fieldName.replace(/_(.?)/g, (_, next: string) => next.toUpperCase());
}

function fieldType(type: string, resolved: protobuf.ReflectionObject | null): Partial<Pick<FieldDescriptorProto, 'type' | 'typeName'>> {
  if (type in scalarTypes) return { type: scalarTypes[type] };
  if (resolved instanceof protobuf.Enum) return { type: FieldDescriptorProto_Type.ENUM, typeName: resolved.fullName };
  if (resolved instanceof protobuf.Type) return { type: FieldDescriptorProto_Type.MESSAGE, typeName: resolved.fullName };
  throw new IpcError('schema', `Type ${type} is not resolved.`);
}

function describeField(field: protobuf.Field, oneofIndex: number | undefined, entryTypeName?: string): FieldDescriptorProto {
  const proto3Optional = field.options?.proto3_optional === true;
  return create(FieldDescriptorProtoSchema, {
    name: field.name,
    number: field.id,
    label:
      field.repeated || entryTypeName
        ? FieldDescriptorProto_Label.REPEATED
        : field.required
          ? FieldDescriptorProto_Label.REQUIRED
          : FieldDescriptorProto_Label.OPTIONAL,
    ...(entryTypeName ? { type: FieldDescriptorProto_Type.MESSAGE, typeName: entryTypeName } : fieldType(field.type, field.resolvedType)),
    ...(oneofIndex === undefined ? {} : { oneofIndex }),
    ...(proto3Optional ? { proto3Optional } : {}),
    jsonName: field.options?.json_name ? String(field.options.json_name) : jsonName(field.name),
    ...(field.options?.default !== undefined ? { defaultValue: String(field.options.default) } : {}),
    ...(field.options?.packed !== undefined ? { options: { packed: Boolean(field.options.packed) } } : {}),
  });
}

function describeEnum(type: protobuf.Enum): EnumDescriptorProto {
  return create(EnumDescriptorProtoSchema, {
    name: type.name,
    value: Object.entries(type.values).map(([name, number]) => ({ name, number })),
    ...(type.options?.allow_alias ? { options: { allowAlias: true } } : {}),
  });
}

function describeMessage(type: protobuf.Type): DescriptorProto {
  // protoc lists real oneofs first and the synthetic ones of proto3 `optional` fields after them.
  const oneofs = [...type.oneofsArray].sort((a, b) => Number(isSynthetic(a)) - Number(isSynthetic(b)));
  // Declared nested messages first, then map entries: protoc's order when nested types are declared
  // before the fields, as is usual (protoc really follows source order, which protobufjs does not keep).
  const nestedType = type.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type).map(describeMessage);
  const field = type.fieldsArray.map((f) => {
    const oneof = f.partOf ? oneofs.indexOf(f.partOf) : undefined;
    if (!(f instanceof protobuf.MapField)) return describeField(f, oneof);
    const entry = mapEntryName(f.name);
    const keyField = new protobuf.Field('key', 1, f.keyType);
    nestedType.push(
      create(DescriptorProtoSchema, {
        name: entry,
        field: [
          describeField(keyField, undefined),
          { ...describeField(f, undefined), name: 'value', jsonName: 'value', number: 2, label: FieldDescriptorProto_Label.OPTIONAL },
        ],
        options: { mapEntry: true },
      }),
    );
    return describeField(f, oneof, `${type.fullName}.${entry}`);
  });
  return create(DescriptorProtoSchema, {
    name: type.name,
    field,
    nestedType,
    enumType: type.nestedArray.filter((n): n is protobuf.Enum => n instanceof protobuf.Enum).map(describeEnum),
    oneofDecl: oneofs.map((o) => ({ name: o.name })),
  });
}

function isSynthetic(oneof: protobuf.OneOf): boolean {
  return oneof.fieldsArray.length === 1 && oneof.fieldsArray[0].options?.proto3_optional === true;
}

function describeService(service: protobuf.Service): ServiceDescriptorProto {
  return create(ServiceDescriptorProtoSchema, {
    name: service.name,
    method: service.methodsArray.map((method) => {
      method.resolve();
      return {
        name: method.name,
        inputType: method.resolvedRequestType!.fullName,
        outputType: method.resolvedResponseType!.fullName,
        ...(method.requestStream ? { clientStreaming: true } : {}),
        ...(method.responseStream ? { serverStreaming: true } : {}),
      };
    }),
  });
}

/** The file's standard options (java_package, go_package, ...); custom options are left out. */
function fileOptions(parsed: protobuf.IParserResult): { options?: Record<string, unknown> } {
  const declared = (parsed.package ? parsed.root.lookup(parsed.package) : parsed.root)?.options ?? {};
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(declared)) {
    const field = FileOptionsSchema.fields.find((f) => f.name === key);
    if (field?.fieldKind === 'scalar') options[field.localName] = value;
  }
  return Object.keys(options).length ? { options } : {};
}

/** proto2 or proto3; editions files would need features this describer does not write. */
function fileSyntax(source: string, name: string): string {
  const syntax = /^\s*syntax\s*=\s*["'](proto[23])["']/m.exec(source)?.[1];
  if (!syntax && /^\s*edition\s*=/m.test(source))
    throw new IpcError('schema', `${name} uses editions, which the demo's describer does not support.`);
  return syntax ?? 'proto2';
}

/** Top-level messages, enums and services declared in each file, keyed by the file's absolute path. */
function declarationsByFile(namespace: protobuf.NamespaceBase, out = new Map<string, protobuf.ReflectionObject[]>()) {
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type || nested instanceof protobuf.Enum || nested instanceof protobuf.Service) {
      if (nested.filename) out.set(nested.filename, [...(out.get(nested.filename) ?? []), nested]);
    } else if (nested instanceof protobuf.Namespace) declarationsByFile(nested, out);
  }
  return out;
}

/**
 * Describes `files` (paths relative to `includeDir`) and everything they import, in dependency order,
 * dependencies first. Imports of well-known types resolve to the standard descriptors.
 */
export function describeProtoFiles(files: string[], includeDir: string): FileDescriptorProto[] {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => (path.isAbsolute(target) ? target : path.join(includeDir, target));
  // Every comment, `//` ones included, so the descriptors carry them as source info.
  root.loadSync(files, { keepCase: true, alternateCommentMode: true });
  root.resolveAll();
  const declarations = declarationsByFile(root);

  const described = new Map<string, FileDescriptorProto>();
  const visit = (name: string): void => {
    if (described.has(name)) return;
    const wellKnown = wellKnownFiles.get(name);
    if (wellKnown) return void described.set(name, wellKnown);
    if (name.startsWith('google/protobuf/')) throw new IpcError('schema', `${name} is not a well-known file this tool knows.`);
    const absolute = path.join(includeDir, name);
    const source = fs.readFileSync(absolute, 'utf8');
    const parsed = protobuf.parse(source, new protobuf.Root(), { keepCase: true });
    const dependency = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
    dependency.forEach(visit);
    const own = declarations.get(absolute) ?? [];
    const file = create(FileDescriptorProtoSchema, {
      name,
      package: parsed.package ?? '',
      dependency,
      ...fileOptions(parsed),
      syntax: fileSyntax(source, name),
      messageType: own.filter((o): o is protobuf.Type => o instanceof protobuf.Type).map(describeMessage),
      enumType: own.filter((o): o is protobuf.Enum => o instanceof protobuf.Enum).map(describeEnum),
      service: own.filter((o): o is protobuf.Service => o instanceof protobuf.Service).map(describeService),
    });
    file.sourceCodeInfo = commentSourceInfo(file, root, (filename) => (filename === absolute ? source : fs.readFileSync(filename, 'utf8')));
    described.set(name, file);
  };
  files.forEach(visit);
  return [...described.values()];
}

/** The same descriptors in their wire form, as reflection sends them. */
export function encodeFileDescriptors(files: FileDescriptorProto[]): Uint8Array[] {
  return files.map((file) => toBinary(FileDescriptorProtoSchema, file));
}
