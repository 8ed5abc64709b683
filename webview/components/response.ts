// Response view: status, a live counter, a virtualised list of messages with the selected one as
// pretty JSON, headers, trailers and timing. Only the newest RETAINED messages are kept here;
// the host keeps all of them for "save all".
import { BoundedHistory } from '../../src/shared/history';
import { h, replaceChildren } from '../dom';
import { errorDetailsView } from './errorDetails';
import type { CallEventsMessage, CallSummary, ProblemView } from '../../src/shared/protocol';

const RETAINED = 2000;
const ROW_HEIGHT = 22;

interface Row {
  index: number;
  json: string;
}

export interface ResponseApi {
  element: HTMLElement;
  reset(): void;
  events(message: CallEventsMessage): void;
  ended(summary: CallSummary | undefined, problem: ProblemView | undefined): void;
  /** The selected (or newest) message, for "copy response". */
  selectedText(): string;
}

export function responseView(): ResponseApi {
  const history = new BoundedHistory<Row>(RETAINED);
  let received = 0;
  let selected: number | null = null;
  const status = h('div', { class: 'status', id: 'call-status', role: 'status' }, 'No call yet.');
  const counter = h('div', { class: 'counter', id: 'message-counter', 'aria-live': 'polite' });
  const viewport = h('div', { class: 'vlist', tabIndex: 0, 'aria-label': 'Response messages' });
  const spacer = h('div', { class: 'vlist-spacer' });
  viewport.appendChild(spacer);
  const detail = h('pre', { class: 'detail', id: 'response-json', tabIndex: 0 });
  const headers = h('div', { class: 'kv' });
  const trailers = h('div', { class: 'kv' });
  const timing = h('div', { class: 'timing', id: 'call-timing' });
  const errorDetails = errorDetailsView();
  let frame = 0;

  const renderRows = () => {
    frame = 0;
    spacer.style.height = `${history.size * ROW_HEIGHT}px`;
    // Follow the newest message until the user picks one.
    if (selected === null) viewport.scrollTop = viewport.scrollHeight;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - 5);
    const last = Math.min(history.size, first + Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 10);
    const rows: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const row = history.at(i)!;
      const element = h(
        'div',
        {
          class: row.index === selected ? 'vrow selected' : 'vrow',
          on: { click: () => ((selected = row.index), showDetail(row), schedule()) },
        },
        h('span', { class: 'vindex' }, `#${row.index + 1}`),
        row.json.replace(/\s+/g, ' ').slice(0, 300),
      );
      // CSSOM, not a style attribute, so the strict CSP allows it.
      element.style.top = `${i * ROW_HEIGHT}px`;
      rows.push(element);
    }
    replaceChildren(spacer, ...rows);
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(renderRows);
  };
  viewport.addEventListener('scroll', schedule);

  const showDetail = (row: Row | undefined) => (detail.textContent = row ? row.json : '');
  const showCounter = () => {
    const dropped = history.dropped;
    counter.textContent =
      received === 0
        ? ''
        : `${received} message${received === 1 ? '' : 's'}${dropped ? ` (showing the newest ${history.size}; save all to keep every one)` : ''}`;
  };
  const table = (target: HTMLElement, title: string, values: Record<string, string[]>) =>
    replaceChildren(
      target,
      h('div', { class: 'kv-title' }, title),
      ...Object.entries(values).flatMap(([key, list]) =>
        list.map((value) => h('div', { class: 'kv-row' }, h('code', {}, key), ' ', value)),
      ),
    );

  const element = h(
    'section',
    { class: 'response', 'aria-label': 'Response' },
    status,
    errorDetails.element,
    counter,
    viewport,
    detail,
    h('details', {}, h('summary', {}, 'Headers, trailers and timing'), headers, trailers, timing),
  );

  return {
    element,
    reset() {
      history.clear();
      received = 0;
      selected = null;
      status.className = 'status running';
      status.textContent = 'Calling…';
      replaceChildren(headers);
      replaceChildren(trailers);
      replaceChildren(timing);
      errorDetails.show(undefined);
      showDetail(undefined);
      showCounter();
      schedule();
    },
    events(message) {
      if (message.headers) table(headers, 'Headers', message.headers);
      const before = history.size + history.dropped;
      history.add(message.messages);
      history.addDropped(Math.max(0, message.received - before - message.messages.length));
      received = message.received;
      if (selected === null) showDetail(history.at(history.size - 1));
      showCounter();
      schedule();
    },
    ended(summary, problem) {
      if (summary) {
        status.className = `status ${summary.code === 0 ? 'ok' : 'error'}`;
        status.textContent = `${summary.codeName} (${summary.code})${summary.message && summary.message !== summary.codeName ? `: ${summary.message}` : ''}`;
        errorDetails.show(summary.statusDetails);
        table(headers, 'Headers', summary.headers);
        table(trailers, 'Trailers', summary.trailers);
        const t = summary.timing;
        timing.textContent = [
          t.connectMs !== undefined ? `connect ${t.connectMs} ms` : '',
          t.firstByteMs !== undefined ? `first byte ${t.firstByteMs} ms` : '',
          `total ${t.totalMs} ms`,
          `via ${summary.transport}`,
        ]
          .filter(Boolean)
          .join(' · ');
        received = summary.messageCount;
        showCounter();
      } else if (problem) {
        status.className = 'status error';
        status.textContent = problem.hint ? `${problem.message} ${problem.hint}` : problem.message;
      }
    },
    selectedText() {
      for (let i = history.size - 1; i >= 0; i--) if (selected === null || history.at(i)!.index === selected) return history.at(i)!.json;
      return '';
    },
  };
}
