// What hover says about a JSON Schema node: the proto type (from the core's `x-proto-type`), the enum's
// values, then the proto comment. No DOM, so it is unit tested.
const PROTO_TYPE = 'x-proto-type';

export function hoverTexts(data: { schema: Record<string, unknown> }): { message: string; typeInfo: string } {
  const schema = data.schema;
  const type = typeof schema[PROTO_TYPE] === 'string' ? (schema[PROTO_TYPE] as string) : jsonType(schema);
  const values = Array.isArray(schema.enum) ? `\n${schema.enum.join(' | ')}` : '';
  return { typeInfo: `${type}${values}`, message: typeof schema.description === 'string' ? schema.description : '' };
}

function jsonType(schema: Record<string, unknown>): string {
  return Array.isArray(schema.type) ? schema.type.join(' | ') : typeof schema.type === 'string' ? schema.type : 'any';
}
