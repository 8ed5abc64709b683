// Comments of .proto files as descriptor source info, so that clients (our request editor's hover and
// completion among them) can show them, as they do for descriptors protoc made with --include_source_info.
// protobufjs keeps each declaration's comment but not its position, so the position is found again in the
// source: the first line, from the parent's declaration on, that declares it, in the file that declares
// the top-level type (protobufjs may merge a package's files into one descriptor). Each location spans that
// line, from its first character to its end. The descriptor is walked by name, so paths follow its order.
import { create } from '@bufbuild/protobuf';
import {
  type DescriptorProto,
  type EnumDescriptorProto,
  type FileDescriptorProto,
  type SourceCodeInfo,
  SourceCodeInfoSchema,
  type SourceCodeInfo_Location,
} from '@bufbuild/protobuf/wkt';
import * as protobuf from 'protobufjs';

// Field numbers in descriptor.proto that make up a location's path.
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const FILE_SERVICE = 6;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;
const ENUM_VALUE = 2;
const SERVICE_METHOD = 2;

/**
 * Source info for `file`, from the comments protobufjs kept (load with `alternateCommentMode`) and the
 * text of the files that declare them; undefined when nothing in it is commented.
 */
export function commentSourceInfo(
  file: FileDescriptorProto,
  root: protobuf.Root,
  sourceOf: (filename: string) => string,
): SourceCodeInfo | undefined {
  const sources = new Map<string, string[]>();
  const linesOf = (declared: protobuf.ReflectionObject | undefined): string[] => {
    const filename = declared?.filename;
    if (!filename) return [];
    if (!sources.has(filename)) sources.set(filename, sourceOf(filename).split('\n'));
    return sources.get(filename)!;
  };
  let lines: string[] = [];
  const location: SourceCodeInfo_Location[] = [];
  const lookup = <T extends protobuf.ReflectionObject>(fullName: string, kind: new (...args: never[]) => T): T | undefined => {
    const found = root.lookup(fullName);
    return found instanceof kind ? found : undefined;
  };
  const note = (path: number[], comment: string | null | undefined, pattern: string, from: number): number => {
    const line = findLine(lines, new RegExp(pattern), from);
    if (comment?.trim() && line < lines.length)
      location.push({
        $typeName: 'google.protobuf.SourceCodeInfo.Location',
        path,
        span: [line, Math.max(0, lines[line].search(/\S/)), lines[line].trimEnd().length],
        leadingComments: `${comment
          .split('\n')
          .map((text) => ` ${text}`)
          .join('\n')}\n`,
        trailingComments: '',
        leadingDetachedComments: [],
      });
    return line;
  };
  const describeEnum = (desc: EnumDescriptorProto, fullName: string, path: number[], from: number) => {
    const type = lookup(fullName, protobuf.Enum);
    const line = note(path, type?.comment, `^\\s*enum\\s+${desc.name}\\b`, from);
    desc.value.forEach((value, index) => note([...path, ENUM_VALUE, index], type?.comments[value.name], `^\\s*${value.name}\\s*=`, line));
  };
  const describeMessage = (desc: DescriptorProto, fullName: string, path: number[], from: number) => {
    const type = lookup(fullName, protobuf.Type);
    if (!type) return; // a map field's entry, which the source does not declare
    const line = note(path, type.comment, `^\\s*message\\s+${desc.name}\\b`, from);
    desc.nestedType.forEach((nested, index) =>
      describeMessage(nested, `${fullName}.${nested.name}`, [...path, MESSAGE_NESTED, index], line),
    );
    desc.enumType.forEach((nested, index) => describeEnum(nested, `${fullName}.${nested.name}`, [...path, MESSAGE_ENUM, index], line));
    desc.field.forEach((field, index) =>
      note([...path, MESSAGE_FIELD, index], type.fields[field.name]?.comment, `\\b${field.name}\\s*=\\s*${field.number}\\b`, line),
    );
  };
  const qualified = (name: string) => (file.package ? `${file.package}.${name}` : name);
  file.messageType.forEach((desc, index) => {
    lines = linesOf(root.lookup(qualified(desc.name)) ?? undefined);
    describeMessage(desc, qualified(desc.name), [FILE_MESSAGE, index], 0);
  });
  file.enumType.forEach((desc, index) => {
    lines = linesOf(root.lookup(qualified(desc.name)) ?? undefined);
    describeEnum(desc, qualified(desc.name), [FILE_ENUM, index], 0);
  });
  file.service.forEach((desc, index) => {
    const service = lookup(qualified(desc.name), protobuf.Service);
    lines = linesOf(service);
    const line = note([FILE_SERVICE, index], service?.comment, `^\\s*service\\s+${desc.name}\\b`, 0);
    desc.method.forEach((method, i) =>
      note([FILE_SERVICE, index, SERVICE_METHOD, i], service?.methods[method.name]?.comment, `^\\s*rpc\\s+${method.name}\\b`, line),
    );
  });
  return location.length > 0 ? create(SourceCodeInfoSchema, { location }) : undefined;
}

/** The first line at or after `from` that matches; `from` itself when none does. */
function findLine(lines: string[], pattern: RegExp, from: number): number {
  for (let line = from; line < lines.length; line++) if (pattern.test(lines[line])) return line;
  return from;
}
