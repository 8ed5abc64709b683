// Method picker: where the schema comes from (reflection or files), a search box, and the
// services with their methods, each with a badge for its call kind.
import { badge, button, select, textField } from '../controls';
import { h, icon, replaceChildren } from '../dom';
import { describeError, type Host } from '../host';
import type { MethodView } from '../../src/shared/protocol';
import type { SchemaSource } from '../../src/shared/types';
import type { Store } from '../store';

const KIND_BADGES: Record<MethodView['kind'], string> = {
  unary: 'unary',
  'server-streaming': 'server stream',
  'client-streaming': 'client stream',
  bidi: 'bidi',
};

export function methodPicker(host: Host, store: Store, onPick: (method: MethodView) => void): HTMLElement {
  const root = h('section', { class: 'method-picker', 'aria-label': 'Method' });
  const status = h('div', { class: 'problem', role: 'status' });
  const list = h('div', { class: 'method-list', role: 'listbox', 'aria-label': 'Methods' });
  let filter = '';
  // Once a method is chosen the list folds into one line showing it; a click or Enter opens it again.
  const current = h('button', { type: 'button', class: 'method-current', id: 'method-current', 'aria-expanded': 'false', hidden: true });
  const body = h('div', { class: 'method-body' });
  const setOpen = (open: boolean, focus = false) => {
    body.hidden = !open;
    current.setAttribute('aria-expanded', String(open));
    if (open && focus) requestAnimationFrame(() => search.focus());
  };
  current.addEventListener('click', () => setOpen(body.hidden, true));
  const renderCurrent = () => {
    const chosen = store.runtime.methods.find((method) => method.fullName === store.state.method);
    const known = !current.hidden;
    current.hidden = !chosen;
    if (!chosen) return setOpen(true);
    // Chosen before the methods were loaded (a panel opened for a method, or reopened): fold as a pick does.
    if (!known) setOpen(false);
    replaceChildren(
      current,
      h('span', { class: 'method-name' }, chosen.name),
      badge(KIND_BADGES[chosen.kind]),
      h('span', { class: 'muted service-short' }, chosen.service),
      icon('chevron-down'),
    );
    current.title = `${chosen.fullName}: choose another method`;
  };
  const choose = (method: MethodView) => {
    store.update({ method: method.fullName });
    renderList();
    renderCurrent();
    setOpen(false);
    onPick(method);
  };

  const load = async () => {
    const targetId = store.runtime.targetId;
    if (!targetId) return replaceChildren(status, 'Connect to a target first.');
    replaceChildren(status, 'Loading methods…');
    try {
      const result = await host.request('loadSchema', { targetId, source: store.state.source });
      store.runtime.methods = result.methods;
      store.runtime.sourceLabel = result.sourceLabel;
      replaceChildren(status, '');
      store.emit('methods');
    } catch (error) {
      const { message, hint } = describeError(error);
      replaceChildren(status, hint ? `${message} ${hint}` : message);
    }
  };

  const renderList = () => {
    const needle = filter.trim().toLowerCase();
    const methods = store.runtime.methods.filter((method) => !needle || method.fullName.toLowerCase().includes(needle));
    const services = [...new Set(methods.map((method) => method.service))];
    replaceChildren(
      list,
      ...services.map((service) =>
        h(
          'div',
          { class: 'service' },
          h('div', { class: 'service-name' }, service),
          ...methods
            .filter((method) => method.service === service)
            .map((method) =>
              h(
                'button',
                {
                  type: 'button',
                  class: method.fullName === store.state.method ? 'method selected' : 'method',
                  role: 'option',
                  'aria-selected': String(method.fullName === store.state.method),
                  'data-method': method.fullName,
                  on: { click: () => choose(method) },
                },
                h('span', {}, method.name),
                badge(KIND_BADGES[method.kind]),
              ),
            ),
        ),
      ),
      methods.length === 0 && store.runtime.methods.length > 0 ? h('div', { class: 'muted' }, 'No method matches.') : null,
    );
  };

  const sourceArea = h('div', { class: 'source' });
  const renderSource = () => {
    const source = store.state.source;
    const kind = select(
      [
        { value: 'reflection', label: 'Server reflection' },
        { value: 'proto', label: '.proto files' },
        { value: 'protoset', label: 'Protoset file' },
      ],
      source.kind,
      (value) => {
        const next: SchemaSource =
          value === 'proto'
            ? { kind: 'proto', files: [], importPaths: [] }
            : value === 'protoset'
              ? { kind: 'protoset', file: '' }
              : { kind: 'reflection' };
        store.update({ source: next });
        renderSource();
      },
      'Schema source',
    );
    const files = sourceFiles(host, store, renderSource);
    replaceChildren(
      sourceArea,
      h(
        'div',
        { class: 'row' },
        kind,
        button('Load', () => void load(), {
          icon: 'refresh',
          secondary: true,
          id: 'load-methods',
          title: 'Load the methods from this source',
        }),
      ),
      files,
      store.runtime.sourceLabel ? h('div', { class: 'muted', id: 'source-used' }, `Methods from ${store.runtime.sourceLabel}`) : null,
    );
  };

  const search = textField('', (value) => ((filter = value), renderList()), {
    label: 'Search methods',
    placeholder: 'Search methods (Enter picks the first)',
    id: 'method-search',
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      const needle = filter.trim().toLowerCase();
      const first = store.runtime.methods.find((method) => !needle || method.fullName.toLowerCase().includes(needle));
      if (first) {
        event.preventDefault();
        choose(first);
      }
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      (list.querySelector('button.method') as HTMLElement | null)?.focus();
    } else if (event.key === 'Escape' && store.state.method) setOpen(false);
  });
  list.addEventListener('keydown', (event) => {
    const buttons = [...list.querySelectorAll<HTMLElement>('button.method')];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      buttons[Math.max(0, Math.min(buttons.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    }
  });
  replaceChildren(body, sourceArea, search, list);
  replaceChildren(root, current, body, status);
  store.on('methods', () => {
    renderSource();
    renderList();
    renderCurrent();
    // Nothing chosen yet: the search box is where the keyboard goes next.
    if (!store.state.method && store.runtime.methods.length > 0)
      void search.updateComplete.then(() => requestAnimationFrame(() => search.focus()));
  });
  store.on('target', () => void load());
  renderSource();
  renderList();
  renderCurrent();
  return root;
}

function sourceFiles(host: Host, store: Store, rerender: () => void): HTMLElement | null {
  const source = store.state.source;
  if (source.kind === 'reflection') return null;
  const add = (purpose: 'proto' | 'importPath' | 'protoset') => async () => {
    const { paths } = await host.request('pickFile', { purpose });
    const now = store.state.source;
    if (now.kind === 'proto' && purpose === 'proto') store.update({ source: { ...now, files: [...new Set([...now.files, ...paths])] } });
    if (now.kind === 'proto' && purpose === 'importPath')
      store.update({ source: { ...now, importPaths: [...new Set([...now.importPaths, ...paths])] } });
    if (now.kind === 'protoset' && paths[0]) store.update({ source: { kind: 'protoset', file: paths[0] } });
    rerender();
  };
  if (source.kind === 'protoset')
    return h(
      'div',
      { class: 'row' },
      h('span', { class: 'path' }, source.file || 'No file chosen'),
      button('Choose…', () => void add('protoset')(), { secondary: true }),
    );
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'row' },
      button('Add .proto…', () => void add('proto')(), { secondary: true }),
      button('Add import path…', () => void add('importPath')(), { secondary: true }),
    ),
    ...source.files.map((file) => h('div', { class: 'path' }, file)),
    ...source.importPaths.map((dir) => h('div', { class: 'path muted' }, `import path: ${dir}`)),
  );
}
