// The comments of the demo's .proto files as descriptor source info, so that reflection clients (our
// request editor's hover and completion among them) can show them, as they do for a server whose
// descriptors protoc made with --include_source_info. protobufjs keeps each declaration's comment but
// not its position, so the position is found again in the source: the first line from the parent's
// declaration on that declares it. Each location spans that line, from its first character to its end.
import { create } from '@bufbuild/protobuf';
import { type SourceCodeInfo, SourceCodeInfoSchema, type SourceCodeInfo_Location } from '@bufbuild/protobuf/wkt';
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

/** Source info for one file's declarations (in the order its FileDescriptorProto lists them); undefined without comments. */
export function commentSourceInfo(
  source: string,
  declared: { messages: protobuf.Type[]; enums: protobuf.Enum[]; services: protobuf.Service[] },
): SourceCodeInfo | undefined {
  const lines = source.split('\n');
  const location: SourceCodeInfo_Location[] = [];
  const note = (path: number[], comment: string | null | undefined, pattern: string, from: number): number => {
    const line = findLine(lines, new RegExp(pattern), from);
    if (comment?.trim()) {
      const start = lines[line].search(/\S/);
      location.push({
        $typeName: 'google.protobuf.SourceCodeInfo.Location',
        path,
        span: [line, Math.max(0, start), lines[line].trimEnd().length],
        leadingComments: `${comment
          .split('\n')
          .map((text) => ` ${text}`)
          .join('\n')}\n`,
        trailingComments: '',
        leadingDetachedComments: [],
      });
    }
    return line;
  };
  const describeEnum = (type: protobuf.Enum, path: number[], from: number) => {
    const line = note(path, type.comment, `^\\s*enum\\s+${type.name}\\b`, from);
    Object.keys(type.values).forEach((name, index) =>
      note([...path, ENUM_VALUE, index], type.comments[name], `^\\s*${name}\\s*=`, line),
    );
  };
  const describeMessage = (type: protobuf.Type, path: number[], from: number) => {
    const line = note(path, type.comment, `^\\s*message\\s+${type.name}\\b`, from);
    type.nestedArray
      .filter((nested): nested is protobuf.Type => nested instanceof protobuf.Type)
      .forEach((nested, index) => describeMessage(nested, [...path, MESSAGE_NESTED, index], line));
    type.nestedArray
      .filter((nested): nested is protobuf.Enum => nested instanceof protobuf.Enum)
      .forEach((nested, index) => describeEnum(nested, [...path, MESSAGE_ENUM, index], line));
    type.fieldsArray.forEach((field, index) =>
      note([...path, MESSAGE_FIELD, index], field.comment, `\\b${field.name}\\s*=\\s*${field.id}\\b`, line),
    );
  };
  declared.messages.forEach((type, index) => describeMessage(type, [FILE_MESSAGE, index], 0));
  declared.enums.forEach((type, index) => describeEnum(type, [FILE_ENUM, index], 0));
  declared.services.forEach((service, index) => {
    const line = note([FILE_SERVICE, index], service.comment, `^\\s*service\\s+${service.name}\\b`, 0);
    service.methodsArray.forEach((method, i) => note([FILE_SERVICE, index, SERVICE_METHOD, i], method.comment, `^\\s*rpc\\s+${method.name}\\b`, line));
  });
  return location.length > 0 ? create(SourceCodeInfoSchema, { location }) : undefined;
}

/** The first line at or after `from` that matches; `from` itself when none does. */
function findLine(lines: string[], pattern: RegExp, from: number): number {
  for (let line = from; line < lines.length; line++) if (pattern.test(lines[line])) return line;
  return from;
}
