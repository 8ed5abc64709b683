// Recent calls on the selected target, as the host keeps them (workspace state).
import { describeError, type Host } from '../host';
import { h, replaceChildren } from '../dom';
import type { Store } from '../store';

export function recentCalls(host: Host, store: Store): HTMLElement {
  const list = h('ol', { class: 'history', id: 'history' });
  const refresh = async () => {
    const targetId = store.runtime.targetId;
    if (!targetId) return replaceChildren(list);
    try {
      const { entries } = await host.request('history', { targetId });
      replaceChildren(
        list,
        ...entries.map((entry) =>
          h(
            'li',
            { title: entry.at },
            h('code', {}, entry.method.split('.').slice(-2).join('.')),
            ` ${entry.codeName} · ${entry.totalMs} ms · ${new Date(entry.at).toLocaleTimeString()}`,
          ),
        ),
      );
    } catch (error) {
      replaceChildren(list, describeError(error).message);
    }
  };
  store.on('target', () => void refresh());
  store.on('call', () => store.runtime.callId === null && void refresh());
  return h('details', { class: 'recent' }, h('summary', {}, 'Recent calls on this target'), list);
}
