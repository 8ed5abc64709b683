// Stands in for @sagold/json-query's parser module (used by codemirror-json-schema's schema library),
// which compiles its query grammar the moment the page's script runs: tens of milliseconds before the
// editor can take input, for queries made only once a schema is there. The bundler turns this require
// into a module that runs on its first call, so the grammar is compiled when the first schema arrives.
declare function require(id: string): { parse(query: string): unknown };

let parser: { parse(query: string): unknown } | undefined;

export function parse(query: string): unknown {
  parser ??= require('@sagold/json-query/dist/module/lib/parser/index.js');
  return parser.parse(query);
}
