// Text from outside (socket names, server messages, file names) shown on a terminal or in the UI.
// Control characters are made visible, so a hostile name cannot move the cursor, erase a line,
// ring the bell or forge a row.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

/** Replaces every control character (C0, DEL, C1, line separators, bidi overrides) with a visible escape. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** Whether a text holds anything escapeControls would change. */
export function hasControls(text: string): boolean {
  CONTROLS.lastIndex = 0;
  return CONTROLS.test(text);
}
