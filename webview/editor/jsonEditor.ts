// One CodeMirror 6 JSON editor: highlighting, folding, search, undo, Format (Shift+Alt+F) and
// Ctrl/Cmd+Enter, with schema completion and hover for request editors, or read-only for responses.
import { isolateHistory } from '@codemirror/commands';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { jsonSchemaHover, stateExtensions, updateSchema } from 'codemirror-json-schema';
import type { JSONSchema7 } from 'json-schema';
import type { JsonIssueView, JsonSchemaView } from '../../src/shared/protocol';
import { h } from '../dom';
import { schemaCompletion } from './completion';
import { hoverTexts } from './hoverText';
import { locatePath } from './jsonPath';
import { literalCompletion } from './literals';
import { vscodeTheme } from './theme';

export interface JsonEditorOptions {
  doc: string;
  label: string;
  readOnly?: boolean;
  onChange?(text: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun?(): void;
  id?: string;
}

export interface JsonEditor {
  element: HTMLElement;
  view: EditorView;
  text(): string;
  setText(text: string): void;
  setSchema(schema: JsonSchemaView | undefined): void;
  /** Shows the core's problems as squiggles at their JSON paths. */
  setIssues(issues: JsonIssueView[]): void;
  focus(): void;
}

/** Pretty-prints valid JSON with two spaces; leaves invalid text alone. */
export function formatJson(view: EditorView): boolean {
  const text = view.state.doc.toString();
  try {
    const pretty = JSON.stringify(JSON.parse(text), null, 2);
    // Its own undo step, never merged with the typing just before it.
    if (pretty !== text)
      view.dispatch({ changes: { from: 0, to: text.length, insert: pretty }, annotations: isolateHistory.of('full'), userEvent: 'format' });
  } catch {
    // Invalid JSON stays as typed; the squiggle already says why.
  }
  return true;
}

/** The page's nonce: the strict CSP lets only <style> elements carrying it apply. */
const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';

export function jsonEditor(options: JsonEditorOptions): JsonEditor {
  const host = h('div', { class: options.readOnly ? 'cm-host readonly' : 'cm-host', id: options.id });
  const extensions: Extension[] = [
    Prec.highest(
      keymap.of([
        { key: 'Mod-Enter', run: () => (options.onRun?.(), true) },
        { key: 'Shift-Alt-f', run: formatJson },
      ]),
    ),
    EditorView.cspNonce.of(nonce),
    basicSetup,
    json(),
    vscodeTheme,
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) options.onChange?.(update.state.doc.toString());
    }),
  ];
  if (options.readOnly) extensions.push(EditorState.readOnly.of(true));
  else
    extensions.push(
      stateExtensions(),
      jsonLanguage.data.of({ autocomplete: schemaCompletion() }),
      jsonLanguage.data.of({ autocomplete: literalCompletion }),
      hoverTooltip(jsonSchemaHover({ getHoverTexts: hoverTexts, formatHover })),
    );
  const view = new EditorView({ parent: host, state: EditorState.create({ doc: options.doc, extensions }) });
  // A key the editor acted on stops here. VS Code's webview frame forwards every key that reaches the
  // window to the workbench, which answers Ctrl+A, Ctrl+Z and Ctrl+Y by sending select all, undo or redo
  // back into the page: one round trip later, so typing that follows quickly is selected or undone. And
  // the page's own Ctrl+Enter listener would start a second call. Escape goes on: besides closing a
  // popup it cancels a running call, with one press.
  host.addEventListener('keydown', (event) => event.defaultPrevented && event.key !== 'Escape' && event.stopPropagation());

  // A new editor has no schema yet; telling it "none" again costs a whole update and measure at open.
  let schemaShown: JsonSchemaView | undefined;
  return {
    element: host,
    view,
    text: () => view.state.doc.toString(),
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setSchema(schema) {
      if (schema === schemaShown) return;
      schemaShown = schema;
      updateSchema(view, schema as JSONSchema7 | undefined);
    },
    setIssues(issues) {
      const diagnostics: Diagnostic[] = issues.map((issue) => {
        const range = syntaxErrorRange(view.state.doc, issue.message) ?? locatePath(view.state, issue.path);
        return { ...range, severity: 'error', message: `${issue.path}: ${issue.message}`, source: 'grpc-ipc' };
      });
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    focus: () => view.focus(),
  };
}

/** Built with textContent: comments come from servers and are never parsed as HTML. */
function formatHover(texts: { message: string; typeInfo: string }): HTMLElement {
  return h(
    'div',
    { class: 'cm-hover' },
    h('div', { class: 'cm-hover-type' }, texts.typeInfo),
    texts.message ? h('div', { class: 'cm-hover-doc' }, texts.message) : null,
  );
}

/** A JSON syntax error names its line and column: mark that character, not the whole text. */
function syntaxErrorRange(doc: EditorView['state']['doc'], message: string): { from: number; to: number } | undefined {
  const match = /line (\d+), column (\d+)/.exec(message);
  if (!match) return undefined;
  const line = doc.line(Math.min(doc.lines, Math.max(1, Number(match[1]))));
  const from = Math.min(line.to, line.from + Math.max(0, Number(match[2]) - 1));
  return { from, to: Math.min(doc.length, Math.max(from + 1, line.to === from ? from + 1 : from + 1)) };
}
