// Schema completion with an info box only where there is something to read. codemirror-json-schema
// gives every field name an info box built from the field's description, an empty one for a field
// without a comment, and CodeMirror shows that empty box beside the list. Here a field's info is its
// description as text, and a field without one gets no info at all.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import { getJSONSchema, getJsonPointerAt, JSONCompletion } from 'codemirror-json-schema';

type Schema = Record<string, unknown>;

export function schemaCompletion(): (context: CompletionContext) => CompletionResult | null {
  const completion = new JSONCompletion({});
  return (context) => {
    const result = completion.doComplete(context);
    if (!('options' in result)) return null;
    const fields = enclosingProperties(context);
    return { ...result, options: result.options.map((option) => withInfoText(option, fields)) };
  };
}

function withInfoText(option: Completion, fields: Record<string, Schema> | undefined): Completion {
  if (option.type !== 'property' || typeof option.info !== 'function') return option;
  const { info: _drop, ...rest } = option;
  const description = fields?.[option.label]?.description;
  return typeof description === 'string' && description.trim() !== '' ? { ...rest, info: description } : rest;
}

/** The `properties` of the schema of the object the cursor is in, if the schema says what they are. */
function enclosingProperties(context: CompletionContext): Record<string, Schema> | undefined {
  const root = getJSONSchema(context.state) as Schema | undefined;
  if (!root) return undefined;
  let node = syntaxTree(context.state).resolveInner(context.pos, -1) as ReturnType<ReturnType<typeof syntaxTree>['resolveInner']> | null;
  while (node && node.name !== 'Object') node = node.parent;
  if (!node) return undefined;
  const pointer = getJsonPointerAt(context.state.doc, node, 'json4');
  const segments =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const schema = schemaAt(root, segments);
  return schema && typeof schema.properties === 'object' ? (schema.properties as Record<string, Schema>) : undefined;
}

/** Follows a JSON pointer's segments through properties, items, map values and `#/definitions` refs. */
function schemaAt(root: Schema, segments: string[]): Schema | undefined {
  const resolve = (schema: unknown): Schema | undefined => {
    if (typeof schema !== 'object' || schema === null) return undefined;
    const ref = (schema as Schema).$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/definitions/')) return schema as Schema;
    const definitions = root.definitions as Record<string, Schema> | undefined;
    return definitions?.[ref.slice('#/definitions/'.length)];
  };
  let schema = resolve(root);
  for (const segment of segments) {
    if (!schema) return undefined;
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (schema.type === 'array') schema = resolve(schema.items);
    else if (properties && Object.hasOwn(properties, segment)) schema = resolve(properties[segment]);
    else schema = resolve(schema.additionalProperties);
  }
  return schema;
}
