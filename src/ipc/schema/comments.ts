// Proto comments from a descriptor's source info. protoc keeps them with --include_source_info, and
// some reflection servers send them; where they are missing the answer is simply empty.
import type { DescEnum, DescField, DescMessage } from '@bufbuild/protobuf';

// Field numbers in FileDescriptorProto and DescriptorProto that make up a source path.
const FILE_MESSAGE = 4;
const FILE_ENUM = 5;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED = 3;
const MESSAGE_ENUM = 4;

/** The leading comment of a message, enum or field, else its trailing one, trimmed; '' when none. */
export function commentsOf(desc: DescMessage | DescEnum | DescField | undefined): string {
  if (!desc) return '';
  const file = desc.kind === 'field' ? desc.parent.file : desc.file;
  const locations = file.proto.sourceCodeInfo?.location;
  if (!locations || locations.length === 0) return '';
  const path = sourcePath(desc);
  if (!path) return '';
  const found = locations.find((location) => location.path.length === path.length && location.path.every((part, i) => part === path[i]));
  const text = found?.leadingComments || found?.trailingComments || '';
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

function sourcePath(desc: DescMessage | DescEnum | DescField): number[] | undefined {
  switch (desc.kind) {
    case 'field': {
      const parent = sourcePath(desc.parent);
      const index = desc.parent.proto.field.indexOf(desc.proto);
      return parent && index >= 0 ? [...parent, MESSAGE_FIELD, index] : undefined;
    }
    case 'message': {
      if (!desc.parent) return [FILE_MESSAGE, desc.file.proto.messageType.indexOf(desc.proto)];
      const parent = sourcePath(desc.parent);
      return parent && [...parent, MESSAGE_NESTED, desc.parent.proto.nestedType.indexOf(desc.proto)];
    }
    case 'enum': {
      if (!desc.parent) return [FILE_ENUM, desc.file.proto.enumType.indexOf(desc.proto)];
      const parent = sourcePath(desc.parent);
      return parent && [...parent, MESSAGE_ENUM, desc.parent.proto.enumType.indexOf(desc.proto)];
    }
  }
}
