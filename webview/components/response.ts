// Response pane: the message (read-only, highlighted, foldable, searchable), a transcript for streams,
// and tabs for headers, trailers and timing. A unary response is shown once, in the viewer.
import type { CallEventsMessage, CallSummary, ProblemView } from '../../src/shared/protocol';
import { button } from '../controls';
import { h, replaceChildren } from '../dom';
import { jsonEditor, type JsonEditor } from '../editor/jsonEditor';
import { errorDetailsView } from './errorDetails';
import { formatMs, transcript, type TranscriptEntry } from './transcript';

export interface ResponseApi {
  element: HTMLElement;
  /** Clears the pane for a new call; `streaming` shows the transcript. */
  reset(streaming: boolean): void;
  /** Forgets everything, e.g. when another method is picked. */
  clear(): void;
  sent(text: string, atMs: number): void;
  events(message: CallEventsMessage, receivedAtMs: number): void;
  ended(summary: CallSummary | undefined, problem: ProblemView | undefined): void;
  /** The selected (or newest) message, for "copy". */
  selectedText(): string;
  /** Where decoded error details (google.rpc.Status) go. */
  readonly errorDetails: HTMLElement;
}

type Tab = 'message' | 'headers' | 'trailers' | 'timing';

export function responseView(onCopy: (text: string) => void): ResponseApi {
  let sentCount = 0;
  let received = 0;
  let receivedSeen = 0;
  let shown = '';
  let streaming = false;
  // Made for the first message shown: the panel opens sooner without a second editor to build.
  let viewer: JsonEditor | undefined;
  const list = transcript((entry) => show(entry));
  const counter = h('div', { class: 'counter', id: 'message-counter', 'aria-live': 'polite' });
  const problem = h('div', { class: 'response-problem', id: 'response-problem', role: 'alert' });
  // Decoded google.rpc.Status details, under the problem line.
  const details = errorDetailsView();
  const errorDetails = h('div', { class: 'error-details-slot' }, details.element);
  const headers = h('div', { class: 'kv', id: 'response-headers' });
  const trailers = h('div', { class: 'kv', id: 'response-trailers' });
  const timing = h('div', { class: 'kv', id: 'call-timing' });
  const placeholder = h('div', { class: 'muted empty-response' }, 'Send a request to see the response here.');
  const messagePane = h('div', { class: 'tab-panel message-panel' }, placeholder, problem, errorDetails, counter, list.element);
  const panels: Record<Tab, HTMLElement> = {
    message: messagePane,
    headers: h('div', { class: 'tab-panel' }, headers),
    trailers: h('div', { class: 'tab-panel' }, trailers),
    timing: h('div', { class: 'tab-panel' }, timing),
  };
  const labels: Record<Tab, string> = { message: 'Response', headers: 'Headers', trailers: 'Trailers', timing: 'Timing' };
  let active: Tab = 'message';
  const tabs = (Object.keys(panels) as Tab[]).map((tab) =>
    h('button', { type: 'button', role: 'tab', class: 'tab', id: `tab-${tab}`, on: { click: () => select(tab) } }, labels[tab]),
  );
  const select = (tab: Tab) => {
    active = tab;
    tabs.forEach((element, i) => {
      const on = (Object.keys(panels) as Tab[])[i] === tab;
      element.setAttribute('aria-selected', String(on));
      element.tabIndex = on ? 0 : -1;
    });
    for (const [name, panel] of Object.entries(panels)) panel.hidden = name !== active;
  };
  const tabBar = h(
    'div',
    { class: 'tabs', role: 'tablist', 'aria-label': 'Response parts' },
    ...tabs,
    h('span', { class: 'grow' }),
    button('', () => onCopy(shown), { icon: 'copy', secondary: true, title: 'Copy the message shown', id: 'copy-response' }),
  );
  tabBar.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const order = Object.keys(panels) as Tab[];
    const next = order[(order.indexOf(active) + (event.key === 'ArrowRight' ? 1 : order.length - 1)) % order.length];
    select(next);
    tabs[order.indexOf(next)].focus();
  });
  select('message');

  const show = (entry: TranscriptEntry | undefined) => {
    const text = entry?.json ?? '';
    if (text === shown) return;
    shown = text;
    if (!viewer) {
      if (text === '') return;
      viewer = jsonEditor({ doc: '', label: 'Response message', readOnly: true, id: 'response-json' });
      messagePane.append(viewer.element);
    }
    viewer.setText(text);
    viewer.element.hidden = text === '';
  };
  const showCounter = () => {
    counter.textContent =
      !streaming || sentCount + received === 0
        ? ''
        : [
            sentCount ? `${sentCount} sent` : '',
            `${received} received`,
            list.dropped ? `(showing the newest ${list.size}; save all keeps every one)` : '',
          ]
            .filter(Boolean)
            .join(' · ');
  };
  const table = (target: HTMLElement, values: Record<string, string[]>) => {
    const rows = Object.entries(values).flatMap(([key, all]) =>
      all.map((value) => h('div', { class: 'kv-row' }, h('code', {}, key), h('span', {}, value))),
    );
    replaceChildren(target, ...(rows.length ? rows : [h('div', { class: 'muted' }, 'None.')]));
  };

  const clear = () => {
    sentCount = received = receivedSeen = 0;
    list.clear();
    list.element.hidden = true;
    show(undefined);
    placeholder.hidden = false;
    replaceChildren(problem);
    details.show(undefined);
    replaceChildren(headers);
    replaceChildren(trailers);
    replaceChildren(timing);
    showCounter();
  };
  clear();

  return {
    element: h('section', { class: 'response', 'aria-label': 'Response' }, tabBar, ...Object.values(panels)),
    errorDetails,
    reset(isStream) {
      clear();
      streaming = isStream;
      placeholder.hidden = true;
      list.element.hidden = !isStream;
      select('message');
    },
    clear,
    sent(text, atMs) {
      list.add([{ direction: 'sent', index: sentCount++, atMs, bytes: new TextEncoder().encode(text).length, json: text }]);
      showCounter();
    },
    events(message, receivedAtMs) {
      if (message.headers) table(headers, message.headers);
      const entries: TranscriptEntry[] = message.messages.map((item) => ({
        direction: 'received',
        index: item.index,
        atMs: item.atMs ?? receivedAtMs,
        bytes: item.bytes ?? item.json.length,
        json: item.json,
      }));
      list.add(entries);
      // The host batches: what it counted but did not send is dropped here too.
      receivedSeen += message.messages.length;
      if (message.received > receivedSeen) {
        list.addDropped(message.received - receivedSeen);
        receivedSeen = message.received;
      }
      received = message.received;
      show(list.newest());
      showCounter();
    },
    ended(summary, failure) {
      if (summary) {
        table(headers, summary.headers);
        table(trailers, summary.trailers);
        const t = summary.timing;
        replaceChildren(
          timing,
          ...[
            ['Connect', t.connectMs],
            ['First byte', t.firstByteMs],
            ['Total', t.totalMs],
          ]
            .filter((row): row is [string, number] => row[1] !== undefined)
            .map(([name, ms]) => h('div', { class: 'kv-row' }, h('code', {}, name), h('span', {}, formatMs(ms)))),
          h('div', { class: 'kv-row' }, h('code', {}, 'Transport'), h('span', {}, summary.transport)),
        );
        received = summary.messageCount;
        details.show(summary.statusDetails);
        if (summary.code !== 0)
          replaceChildren(problem, `${summary.codeName}: ${summary.message}${summary.hint ? ` ${summary.hint}` : ''}`);
        showCounter();
      } else if (failure) {
        replaceChildren(problem, failure.hint ? `${failure.message} ${failure.hint}` : failure.message);
      }
      placeholder.hidden = true;
    },
    selectedText: () => shown,
  };
}
