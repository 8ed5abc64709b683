// Recent calls on the selected target, as the host keeps them (workspace state). An entry that kept its
// request can be restored into the builder or run again.
import { describeError, type Host } from '../host';
import { h, replaceChildren } from '../dom';
import type { PanelState } from '../../src/shared/protocol';
import type { Store } from '../store';

/** Puts a request back into the builder; `run` sends it once it is ready. */
export type Restore = (state: PanelState, run: boolean) => void;

export function recentCalls(host: Host, store: Store, restore?: Restore): HTMLElement {
  const list = h('ol', { class: 'history', id: 'history' });
  const refresh = async () => {
    const targetId = store.runtime.targetId;
    if (!targetId) return replaceChildren(list);
    try {
      const { entries } = await host.request('history', { targetId });
      replaceChildren(
        list,
        ...entries.map((entry, index) => {
          const request = entry.request;
          const method = entry.method.split('.').slice(-2).join('.');
          const ok = entry.codeName === 'OK';
          // Method, then the status in its colour, then the time it took and when, muted.
          const label = [
            h('span', { class: 'history-method' }, method),
            ' ',
            h('span', { class: ok ? 'history-code ok' : 'history-code error' }, entry.codeName),
            ' ',
            h('span', { class: 'history-when' }, `${entry.totalMs} ms · ${new Date(entry.at).toLocaleTimeString()}`),
          ];
          // The entry itself restores the request; its actions restore it, or restore and send it.
          const action = (run: boolean, attributes: Record<string, string>, ...children: Array<Node | string>) =>
            h(
              'a',
              {
                href: '#',
                ...attributes,
                title: run
                  ? 'Restore this request and send it again'
                  : 'Restore this request (target, method, body, metadata) into the builder',
                on: {
                  click: (event: Event) => {
                    event.preventDefault();
                    if (request && restore) restore(request, run);
                  },
                },
              },
              ...children,
            );
          return h(
            'li',
            { title: entry.at, 'data-index': String(index) },
            request && restore ? action(false, { class: 'history-entry' }, ...label) : h('span', { class: 'history-entry' }, ...label),
            request && restore
              ? h(
                  'span',
                  { class: 'history-actions' },
                  action(false, { class: 'history-action', 'data-action': 'restore' }, 'Restore'),
                  action(true, { class: 'history-action', 'data-action': 'rerun' }, 'Run again'),
                )
              : null,
          );
        }),
      );
    } catch (error) {
      replaceChildren(list, describeError(error).message);
    }
  };
  store.on('target', () => void refresh());
  store.on('call', () => store.runtime.callId === null && void refresh());
  return h('details', { class: 'recent' }, h('summary', {}, 'Recent calls on this target'), list);
}
