// Call options: metadata rows (secret values masked), deadline and maximum message size.
import { button, checkbox, field, textField } from '../controls';
import { h, replaceChildren } from '../dom';
import type { MetadataRow } from '../../src/shared/protocol';
import type { Store } from '../store';

export function callOptions(store: Store): HTMLElement {
  const root = h('details', { class: 'options' });
  const rows = h('div', { class: 'metadata' });

  const setRow = (index: number, change: Partial<MetadataRow>) => {
    const next = store.state.metadata.map((row, i) => (i === index ? { ...row, ...change } : row));
    store.update({ metadata: next });
  };

  const render = () => {
    replaceChildren(
      rows,
      ...store.state.metadata.map((row, index) => {
        const value = textField(row.value, (text) => setRow(index, { value: text }), {
          label: `Value of ${row.key || 'metadata'}`,
          placeholder: row.key.endsWith('-bin') ? 'base64' : 'value',
          type: row.secret ? 'password' : 'text',
        });
        return h(
          'div',
          { class: 'row metadata-row' },
          textField(row.key, (key) => setRow(index, { key: key.toLowerCase() }), { label: 'Metadata key', placeholder: 'key' }),
          value,
          checkbox('Secret', row.secret, (secret) => (setRow(index, { secret }), render())),
          button('', () => (store.update({ metadata: store.state.metadata.filter((_, i) => i !== index) }), render()), {
            icon: 'trash',
            secondary: true,
            title: 'Remove this row',
          }),
        );
      }),
      button(
        'Add metadata',
        () => (store.update({ metadata: [...store.state.metadata, { key: '', value: '', secret: false }] }), render()),
        { icon: 'add', secondary: true },
      ),
    );
  };

  const deadline = textField(
    String(store.state.deadlineMs / 1000),
    (value) => {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds > 0) store.update({ deadlineMs: Math.round(seconds * 1000) });
    },
    { label: 'Deadline in seconds', type: 'number' },
  );
  const maxSize = textField(
    String(Math.round(store.state.maxMessageBytes / 1024)),
    (value) => {
      const kib = Number(value);
      if (Number.isInteger(kib) && kib > 0) store.update({ maxMessageBytes: kib * 1024 });
    },
    { label: 'Max message size in KiB', type: 'number' },
  );

  replaceChildren(
    root,
    h('summary', {}, 'Metadata and options'),
    rows,
    h('div', { class: 'row' }, field('Deadline (s)', deadline), field('Max message (KiB)', maxSize)),
  );
  render();
  return root;
}
