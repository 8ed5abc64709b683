// Request editor: one JSON text per message (a list for client streams), checked on the host
// with the core's validator as the user types. Send stays blocked while any text is invalid.
import { button, checkbox } from '../controls';
import { debounce, h, replaceChildren } from '../dom';
import { describeError, type Host } from '../host';
import type { JsonIssueView, TemplateHint } from '../../src/shared/protocol';
import type { Store } from '../store';

export interface EditorApi {
  element: HTMLElement;
  /** Replaces the messages with a fresh template (or with restored texts). */
  setTemplate(template: string, hints: TemplateHint[], restore?: string[]): void;
  /** Whether client-stream messages should be sent one at a time. */
  interactive(): boolean;
  /** The text of the message being edited in interactive mode. */
  focusedText(): string;
}

export function requestEditor(host: Host, store: Store): EditorApi {
  const root = h('section', { class: 'editor', 'aria-label': 'Request' });
  const issuesBox = h('ul', { class: 'issues', role: 'status', 'aria-label': 'Request problems' });
  const hintsBox = h('ul', { class: 'hints', 'aria-label': 'Template notes' });
  const list = h('div', { class: 'messages' });
  let interactive = false;
  let focused = 0;
  let template = '{}';

  const validate = debounce(async () => {
    const targetId = store.runtime.targetId;
    if (!targetId || !store.state.method) return;
    const issues: Array<JsonIssueView & { index: number }> = [];
    try {
      for (const [index, text] of store.state.requests.entries()) {
        const result = await host.request('validateRequest', { targetId, method: store.state.method, text });
        issues.push(...result.issues.map((issue) => ({ ...issue, index })));
      }
    } catch (error) {
      issues.push({ index: 0, path: '$', message: describeError(error).message });
    }
    const many = store.state.requests.length > 1;
    replaceChildren(
      issuesBox,
      ...issues.map((issue) => h('li', {}, h('code', {}, many ? `#${issue.index + 1} ${issue.path}` : issue.path), ` ${issue.message}`)),
    );
    store.block('json', issues.length > 0 ? `The request has ${issues.length} problem${issues.length > 1 ? 's' : ''}.` : null);
  }, 300);

  const streaming = () => store.runtime.methodKind === 'client-streaming' || store.runtime.methodKind === 'bidi';

  const render = () => {
    const requests = streaming() ? store.state.requests : store.state.requests.slice(0, 1);
    const areas = requests.map((text, index) => {
      const area = h('textarea', {
        class: 'json',
        spellcheck: false,
        value: text,
        rows: Math.min(12, Math.max(4, text.split('\n').length + 1)),
        'aria-label': streaming() ? `Request message ${index + 1}` : 'Request JSON',
        'data-index': String(index),
        on: {
          input: (event) => {
            const next = [...store.state.requests];
            next[index] = (event.target as HTMLTextAreaElement).value;
            store.update({ requests: next });
            validate();
          },
          focus: () => (focused = index),
        },
      });
      if (!streaming()) return area;
      const remove = button(
        '',
        () => (store.update({ requests: store.state.requests.filter((_, i) => i !== index) }), render(), validate()),
        {
          icon: 'trash',
          secondary: true,
          title: `Remove message ${index + 1}`,
        },
      );
      return h(
        'div',
        { class: 'stream-message' },
        h('div', { class: 'row' }, h('span', { class: 'field-label' }, `Message ${index + 1}`), requests.length > 1 ? remove : null),
        area,
      );
    });
    replaceChildren(
      list,
      ...areas,
      streaming()
        ? h(
            'div',
            { class: 'row' },
            button('Add message', () => (store.update({ requests: [...store.state.requests, template] }), render(), validate()), {
              icon: 'add',
              secondary: true,
            }),
            checkbox('Interactive: send one at a time', interactive, (on) => (interactive = on)),
          )
        : null,
    );
  };

  replaceChildren(root, list, issuesBox, hintsBox);
  store.on('method', () => (render(), validate()));
  store.on('target', validate);
  render();

  return {
    element: root,
    setTemplate(text, hints, restore) {
      template = text;
      store.update({ requests: restore && restore.length > 0 ? restore : [text] });
      replaceChildren(hintsBox, ...hints.map((hint) => h('li', {}, h('code', {}, hint.path), ` ${hint.text}`)));
      render();
      validate();
    },
    interactive: () => streaming() && interactive,
    focusedText: () => store.state.requests[focused] ?? store.state.requests[0] ?? '{}',
  };
}
