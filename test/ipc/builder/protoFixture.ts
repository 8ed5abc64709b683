// Builds a @bufbuild/protobuf registry from .proto text, through protobufjs's descriptor export.
// Test-only: the product loads schemas through the core's schema loaders.
import { createFileRegistry, fromBinary, type FileRegistry } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import * as protobuf from 'protobufjs';
import * as descriptor from 'protobufjs/ext/descriptor';

interface DescriptorMessage {
  name: string;
  field?: Array<{ name: string; typeName?: string; jsonName?: string }>;
  nestedType?: DescriptorMessage[];
}

export function registryFromProto(source: string): FileRegistry {
  const root = protobuf.parse(source, { keepCase: true }).root;
  root.resolveAll();
  // protobufjs writes type names as written in the source; the registry wants them fully qualified.
  const resolved = new Map<string, string>();
  const visit = (ns: protobuf.NamespaceBase): void => {
    for (const nested of ns.nestedArray) {
      if (nested instanceof protobuf.Type)
        for (const field of nested.fieldsArray)
          if (field.resolvedType) resolved.set(`${nested.fullName}.${field.name}`, field.resolvedType.fullName);
      if (nested instanceof protobuf.Namespace) visit(nested);
    }
  };
  visit(root);
  const set = (
    root as unknown as { toDescriptor(syntax: string): { file: Array<{ package?: string; messageType?: DescriptorMessage[] }> } }
  ).toDescriptor('proto3');
  const fix = (message: DescriptorMessage, scope: string): void => {
    const full = `${scope}.${message.name}`;
    for (const field of message.field ?? []) {
      field.jsonName = field.name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
      const target = resolved.get(`${full}.${field.name}`);
      if (target) field.typeName = target;
      else if (field.typeName && (message.nestedType ?? []).some((nested) => nested.name === field.typeName))
        field.typeName = `${full}.${field.typeName}`;
    }
    for (const nested of message.nestedType ?? []) fix(nested, full);
  };
  for (const file of set.file) for (const message of file.messageType ?? []) fix(message, file.package ? `.${file.package}` : '');
  const bytes = descriptor.FileDescriptorSet.encode(set as unknown as protobuf.Message).finish();
  return createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
}
