// Stands in for codemirror-json-schema's YAML and JSON5 parsers: the panel edits JSON only.
export function parseJSON5DocumentState(): never {
  throw new Error('JSON5 is not used here');
}
export function parseYAMLDocumentState(): never {
  throw new Error('YAML is not used here');
}
