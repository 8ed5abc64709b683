// Parses request text as JSON and, on a syntax error, says where (line and column), which JSON.parse leaves out.

/** The parsed value, or where and why parsing stopped. */
export type ParsedJson = { ok: true; value: unknown } | { ok: false; line: number; column: number; message: string };

export function parseJsonText(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    const { line, column } = lineAndColumn(text, errorOffset(raw, text));
    return { ok: false, line, column, message: cleanMessage(raw) };
  }
}

/**
 * V8 names a character offset ("at position 12") for most errors. "Unexpected token" has none on Node 20,
 * so we find the shortest prefix that is already wrong (not merely unfinished); its last character is it.
 */
function errorOffset(message: string, text: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (!/^Unexpected token/.test(message)) return text.length;
  let good = 0; // text.slice(0, good) is a valid start of JSON
  let bad = text.length; // text.slice(0, bad) is already wrong
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (isWrongPrefix(text.slice(0, middle))) bad = middle;
    else good = middle;
  }
  return bad - 1;
}

function isWrongPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/Unexpected end of JSON input/.test(message)) return false;
    const position = /at position (\d+)/.exec(message);
    return !position || Number(position[1]) < prefix.length;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return { line, column };
}

/** Drops V8's position suffix and the quoted input it sometimes echoes, since we report both ourselves. */
function cleanMessage(message: string): string {
  return (
    message
      .replace(/,?\s*".*" is not valid JSON$/s, '')
      .replace(/\s*in JSON at position \d+( \(line \d+ column \d+\))?/, '')
      .trim() || 'invalid JSON'
  );
}
