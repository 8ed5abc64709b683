// A stream's transcript: messages sent (→) and received (←) in order, each with its index, the time
// since the call started and its size. Virtualised: only the rows in view exist in the DOM, and only
// the newest RETAINED entries are kept (the host keeps every received one for "save all").
import { BoundedHistory } from '../../src/shared/history';
import { h, replaceChildren } from '../dom';

export interface TranscriptEntry {
  direction: 'sent' | 'received';
  /** 0-based index within its direction. */
  index: number;
  atMs: number;
  bytes: number;
  json: string;
}

const RETAINED = 2000;
const ROW_HEIGHT = 22;

export interface TranscriptApi {
  element: HTMLElement;
  clear(): void;
  add(entries: TranscriptEntry[]): void;
  /** Received messages the panel did not keep, so the counter stays true. */
  addDropped(count: number): void;
  readonly size: number;
  readonly dropped: number;
  newest(): TranscriptEntry | undefined;
}

export function transcript(onSelect: (entry: TranscriptEntry) => void): TranscriptApi {
  const history = new BoundedHistory<TranscriptEntry>(RETAINED);
  let selected: TranscriptEntry | null = null;
  const viewport = h('div', { class: 'vlist', tabIndex: 0, role: 'listbox', 'aria-label': 'Stream transcript', id: 'transcript' });
  const spacer = h('div', { class: 'vlist-spacer' });
  viewport.appendChild(spacer);
  let frame = 0;

  const render = () => {
    frame = 0;
    spacer.style.height = `${history.size * ROW_HEIGHT}px`;
    // Follow the newest entry until the user picks one.
    if (selected === null) viewport.scrollTop = viewport.scrollHeight;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 5);
    const last = Math.min(history.size, first + Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 10);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const entry = history.at(i)!;
      const sent = entry.direction === 'sent';
      const row = h(
        'div',
        {
          class: `vrow ${entry.direction}${entry === selected ? ' selected' : ''}`,
          role: 'option',
          'aria-selected': String(entry === selected),
          on: { click: () => ((selected = entry), onSelect(entry), schedule()) },
        },
        h('span', { class: 'vdir', title: sent ? 'sent' : 'received' }, sent ? '→' : '←'),
        h('span', { class: 'vindex' }, `#${entry.index + 1}`),
        h('span', { class: 'vtime' }, formatMs(entry.atMs)),
        h('span', { class: 'vsize' }, formatBytes(entry.bytes)),
        h('span', { class: 'vjson' }, entry.json.replace(/\s+/g, ' ').slice(0, 300)),
      );
      // CSSOM, not a style attribute, so the strict CSP allows it.
      row.style.top = `${i * ROW_HEIGHT}px`;
      rows.push(row);
    }
    replaceChildren(spacer, ...rows);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  viewport.addEventListener('scroll', schedule);
  viewport.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    let at = selected ? indexOf(selected) : history.size;
    at = Math.max(0, Math.min(history.size - 1, at + (event.key === 'ArrowDown' ? 1 : -1)));
    const entry = history.at(at);
    if (!entry) return;
    selected = entry;
    onSelect(entry);
    viewport.scrollTop = Math.max(0, at * ROW_HEIGHT - viewport.clientHeight / 2);
    schedule();
  });
  const indexOf = (entry: TranscriptEntry) => {
    for (let i = 0; i < history.size; i++) if (history.at(i) === entry) return i;
    return history.size;
  };

  return {
    element: viewport,
    clear() {
      history.clear();
      selected = null;
      schedule();
    },
    add(entries) {
      history.add(entries);
      schedule();
    },
    addDropped(count) {
      history.addDropped(count);
    },
    get size() {
      return history.size;
    },
    get dropped() {
      return history.dropped;
    },
    newest: () => history.at(history.size - 1),
  };
}

/** `21.3 ms`, `1.24 s`: what a person reads, not 8.049762999988161. */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
