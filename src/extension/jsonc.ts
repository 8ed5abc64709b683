// JSON with comments and trailing commas, as VS Code's own .vscode/*.json files allow.

/** Parses JSONC: strips // and /* *\/ comments and trailing commas outside strings, then JSON.parse. */
export function parseJsonWithComments(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === ',' && /[}\]]/.test(nextSignificant(text, i + 1))) {
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out);
}

function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The next character that is neither whitespace nor inside a comment. */
function nextSignificant(text: string, start: number): string {
  let i = start;
  while (i < text.length) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) === -1 ? text.length : text.indexOf('*/', i + 2) + 2;
    else return text[i];
  }
  return '';
}
