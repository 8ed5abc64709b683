// Request editor: a CodeMirror editor per message (one for unary and server-streaming calls, a list for
// client streams), with schema completion and hover, and the core's validator as squiggles. Results of
// a validation are applied only if nothing changed since it was asked for, so they are never stale.
import type { DescribeResult, JsonIssueView } from '../../src/shared/protocol';
import { button, checkbox } from '../controls';
import { debounce, h, replaceChildren } from '../dom';
import { jsonEditor, type JsonEditor } from '../editor/jsonEditor';
import { describeError, type Host } from '../host';
import type { Store } from '../store';

export interface EditorApi {
  element: HTMLElement;
  /** Shows a method's messages: the restored draft, else the template. */
  show(described: DescribeResult, draft?: string[]): void;
  /** Whether client-stream messages are sent one at a time. */
  interactive(): boolean;
  /** The text of the message being edited, for "Send next". */
  focusedText(): string;
  focus(): void;
  /** Validates the current texts now; resolves to the problems (empty when Send may go). */
  validateNow(): Promise<string[]>;
}

export function requestEditor(host: Host, store: Store, onRun: () => void): EditorApi {
  const root = h('section', { class: 'editor', 'aria-label': 'Request' });
  const list = h('div', { class: 'messages' });
  const summary = h('div', { class: 'issues-summary', role: 'status', id: 'request-problems' });
  let editors: JsonEditor[] = [];
  let described: DescribeResult | undefined;
  let interactive = false;
  let focused = 0;
  // Bumped by every change of text, target or method: a validation answers only its own generation.
  let generation = 0;

  const streaming = () => store.runtime.methodKind === 'client-streaming' || store.runtime.methodKind === 'bidi';

  const runValidation = async (): Promise<string[]> => {
    // Only a change of text, target or method makes a check stale; a second check of the same texts
    // (Send's, while the one typing scheduled runs) must not make the first say they changed.
    const mine = generation;
    const targetId = store.runtime.targetId;
    const method = store.state.method;
    if (!targetId || !method || !described) return [];
    const perEditor: JsonIssueView[][] = [];
    try {
      for (const text of store.state.requests) {
        const result = await host.request('validateRequest', { targetId, method, text });
        perEditor.push(result.issues);
      }
    } catch (error) {
      perEditor.push([{ path: '$', message: describeError(error).message }]);
    }
    if (mine !== generation) return ['The request changed while it was checked.'];
    editors.forEach((editor, index) => editor.setIssues(perEditor[index] ?? []));
    const count = perEditor.reduce((sum, issues) => sum + issues.length, 0);
    const first = perEditor.flat()[0];
    const message = count > 0 ? `The request has ${count} problem${count > 1 ? 's' : ''}: ${first.path}: ${first.message}` : null;
    replaceChildren(summary, message ?? '');
    store.block('json', count > 0 ? `The request has ${count} problem${count > 1 ? 's' : ''}.` : null);
    return message ? [message] : [];
  };
  const validateSoon = debounce(() => void runValidation(), 200);
  const changed = () => {
    generation++;
    validateSoon();
  };

  const setText = (index: number, text: string) => {
    const next = [...store.state.requests];
    next[index] = text;
    store.update({ requests: next });
    store.runtime.drafts.set(store.state.method, next);
    changed();
  };

  // Whether the editors on the page were made for a stream's list of messages.
  let renderedStreaming = false;
  const render = () => {
    renderedStreaming = streaming();
    const texts = streaming() ? store.state.requests : store.state.requests.slice(0, 1);
    editors = texts.map((text, index) =>
      jsonEditor({
        doc: text,
        label: streaming() ? `Request message ${index + 1}` : 'Request JSON',
        onChange: (value) => setText(index, value),
        onRun,
        id: index === 0 ? 'request-editor' : undefined,
      }),
    );
    for (const [index, editor] of editors.entries()) {
      editor.setSchema(described?.schema);
      editor.view.contentDOM.addEventListener('focus', () => (focused = index));
    }
    const blocks = editors.map((editor, index) => {
      if (!streaming()) return editor.element;
      const remove = button('', () => removeMessage(index), { icon: 'trash', secondary: true, title: `Remove message ${index + 1}` });
      return h(
        'div',
        { class: 'stream-message' },
        h('div', { class: 'row' }, h('span', { class: 'field-label' }, `Message ${index + 1}`), editors.length > 1 ? remove : null),
        editor.element,
      );
    });
    replaceChildren(
      list,
      ...blocks,
      streaming()
        ? h(
            'div',
            { class: 'row' },
            button('Add message', addMessage, { icon: 'add', secondary: true, id: 'add-message' }),
            Object.assign(
              checkbox('Interactive: send one at a time', interactive, (on) => ((interactive = on), store.emit('method'))),
              { id: 'interactive' },
            ),
          )
        : null,
    );
  };
  const addMessage = () => {
    store.update({ requests: [...store.state.requests, described?.template ?? '{}'] });
    render();
    changed();
    editors[editors.length - 1]?.focus();
  };
  const removeMessage = (index: number) => {
    store.update({ requests: store.state.requests.filter((_, i) => i !== index) });
    render();
    changed();
  };

  replaceChildren(root, list, summary);
  store.on('target', changed);
  // An editor from the start (with the saved text), so typing can begin before a method is chosen.
  render();

  return {
    element: root,
    show(next, draft) {
      described = next;
      const requests = draft && draft.length > 0 ? draft : [next.template];
      store.update({ requests });
      // The editor made at open keeps its caret, undo and focus when it already holds these texts (typed
      // while the schema loaded); completion and hover attach to it now.
      const shown = renderedStreaming ? requests : requests.slice(0, 1);
      const same =
        renderedStreaming === streaming() && shown.length === editors.length && editors.every((editor, i) => editor.text() === shown[i]);
      if (same) for (const editor of editors) editor.setSchema(next.schema);
      else render();
      changed();
    },
    interactive: () => streaming() && interactive,
    focusedText: () => store.state.requests[focused] ?? store.state.requests[0] ?? '{}',
    focus: () => editors[focused]?.focus() ?? editors[0]?.focus(),
    validateNow: () => runValidation(),
  };
}
