// The editors' look, from VS Code's own theme variables, so dark, light and both high-contrast themes
// look native. Token colours use the debugger's expression colours, the one set of syntax colours
// VS Code hands to webviews.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

const v = (name: string, fallback = 'inherit') => `var(--vscode-${name}, ${fallback})`;

const editorTheme = EditorView.theme({
  '&': {
    color: v('editor-foreground'),
    backgroundColor: v('editor-background'),
    fontFamily: v('editor-font-family', 'monospace'),
    fontSize: v('editor-font-size', '13px'),
    border: `1px solid ${v('input-border', v('panel-border', 'transparent'))}`,
  },
  '&.cm-focused': { outline: `1px solid ${v('focusBorder')}` },
  '.cm-scroller': { fontFamily: 'inherit', lineHeight: '1.45' },
  '.cm-content': { caretColor: v('editorCursor-foreground') },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: v('editorCursor-foreground') },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: `${v('editor-selectionBackground')} !important`,
  },
  '.cm-activeLine': { backgroundColor: 'transparent', outline: `1px solid ${v('editor-lineHighlightBorder', 'transparent')}` },
  '.cm-gutters': {
    backgroundColor: v('editorGutter-background', v('editor-background')),
    // The theme's line-number colour moved part way to the text's: Dark Modern's own is 3.6:1 on its
    // background, under AA; mixed, 6:1, and still quieter than the text.
    color: `color-mix(in srgb, ${v('editorLineNumber-foreground', 'currentColor')} 60%, ${v('editor-foreground', 'currentColor')})`,
    border: 'none',
  },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: v('editorLineNumber-activeForeground') },
  '.cm-foldPlaceholder': {
    backgroundColor: 'transparent',
    border: `1px solid ${v('editorWidget-border', 'currentColor')}`,
    color: 'inherit',
  },
  '.cm-matchingBracket': {
    backgroundColor: v('editorBracketMatch-background'),
    outline: `1px solid ${v('editorBracketMatch-border', 'transparent')}`,
  },
  '.cm-searchMatch': {
    backgroundColor: v('editor-findMatchHighlightBackground'),
    outline: `1px solid ${v('editor-findMatchHighlightBorder', 'transparent')}`,
  },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: v('editor-findMatchBackground') },
  '.cm-panels': { backgroundColor: v('editorWidget-background'), color: v('editorWidget-foreground', v('foreground')) },
  '.cm-panels input, .cm-panels button': {
    color: v('input-foreground'),
    backgroundColor: v('input-background'),
    border: `1px solid ${v('input-border', 'transparent')}`,
  },
  '.cm-tooltip': {
    backgroundColor: v('editorHoverWidget-background'),
    color: v('editorHoverWidget-foreground', v('foreground')),
    border: `1px solid ${v('editorHoverWidget-border', 'transparent')}`,
    maxWidth: '480px',
  },
  '.cm-tooltip-autocomplete > ul > li': { color: v('editorSuggestWidget-foreground', v('foreground')) },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: v('editorSuggestWidget-selectedBackground', v('list-activeSelectionBackground')),
    color: v('editorSuggestWidget-selectedForeground', v('list-activeSelectionForeground')),
  },
  '.cm-completionDetail': { color: v('descriptionForeground'), fontStyle: 'normal', marginLeft: '1em' },
  '.cm-completionMatchedText': { color: v('editorSuggestWidget-highlightForeground'), textDecoration: 'none', fontWeight: '600' },
  '.cm-completionInfo': { padding: '4px 8px', whiteSpace: 'pre-wrap' },
  '.cm-lintRange-error': {
    backgroundImage: 'none',
    textDecoration: `underline wavy ${v('editorError-foreground', 'red')}`,
    textUnderlineOffset: '3px',
  },
  '.cm-diagnostic-error': { borderLeft: `3px solid ${v('editorError-foreground', 'red')}` },
  '.cm-diagnostic': { color: v('editorHoverWidget-foreground', v('foreground')) },
  '.cm-lint-marker-error': { content: 'none' },
  '.cm-hover-type': { fontFamily: v('editor-font-family', 'monospace'), fontWeight: '600' },
  '.cm-hover-doc': { marginTop: '4px', whiteSpace: 'pre-wrap' },
  '.cm-hover': { padding: '4px 8px' },
});

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: v('debugTokenExpression-name') },
  { tag: tags.string, color: v('debugTokenExpression-string') },
  { tag: tags.number, color: v('debugTokenExpression-number') },
  { tag: [tags.bool, tags.null], color: v('debugTokenExpression-boolean') },
  { tag: tags.invalid, color: v('debugTokenExpression-error') },
]);

export const vscodeTheme = [editorTheme, syntaxHighlighting(highlight)];
