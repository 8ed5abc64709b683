// Completes the bare words JSON allows in a value position: true, false and null. The schema source
// completes quoted values (enum names, examples); this covers what it leaves out while typing `t`.
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';

const LITERALS = [
  { label: 'true', type: 'keyword', detail: 'bool' },
  { label: 'false', type: 'keyword', detail: 'bool' },
  { label: 'null', type: 'keyword', detail: 'not set' },
];

export function literalCompletion(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[a-z]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  // A value position: after a colon, an opening bracket or a comma inside an array.
  const before = context.state.sliceDoc(Math.max(0, word.from - 200), word.from).replace(/\s+$/, '');
  const last = before[before.length - 1];
  if (last !== ':' && last !== '[' && !(last === ',' && insideArray(before))) return null;
  return { from: word.from, options: LITERALS, validFor: /^[a-z]*$/ };
}

/** Whether the innermost open bracket before the text's end is `[`. */
function insideArray(text: string): boolean {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const char = text[i];
    if (char === ']' || char === '}') depth++;
    else if (char === '[' || char === '{') {
      if (depth === 0) return char === '[';
      depth--;
    }
  }
  return false;
}
