// The one action bar: Send, Cancel, Send next and End stream (client streams), the call's status,
// code and total time beside Send, then copy as grpcurl, save and save all.
import type { CallActions } from '../actions';
import { button } from '../controls';
import { h, replaceChildren } from '../dom';
import type { CallSummary, ProblemView } from '../../src/shared/protocol';
import type { Store } from '../store';
import { formatMs } from './transcript';

export interface ActionBarApi {
  element: HTMLElement;
  note(text: string): void;
  running(): void;
  ended(summary: CallSummary | undefined, problem: ProblemView | undefined): void;
  idle(): void;
  refresh(): void;
}

const isMac = /Mac/.test(navigator.platform);
const SEND_KEY = isMac ? '⌘+Enter' : 'Ctrl+Enter';

export function actionBar(store: Store, actions: CallActions, interactive: () => boolean): ActionBarApi {
  const send = button('Send', () => void actions.send(), { icon: 'play', id: 'send', title: `Send (${SEND_KEY})` });
  const cancel = button('Cancel', () => actions.cancel(), {
    icon: 'stop-circle',
    secondary: true,
    id: 'cancel',
    title: 'Cancel the call (Escape)',
  });
  const next = button('Send next', () => actions.sendNext(), {
    icon: 'arrow-right',
    secondary: true,
    id: 'send-next',
    title: `Send the focused message (${SEND_KEY})`,
  });
  const end = button('End stream', () => actions.endStream(), { secondary: true, id: 'end-stream', title: 'Close the request stream' });
  const status = h('span', { class: 'status', id: 'call-status', role: 'status' }, 'No call yet.');
  const note = h('span', { class: 'send-status', id: 'send-status', role: 'status' });
  // A note ("Not sent: …", "Saved …") stays until the user changes something or sends again; the
  // refreshes that follow validation and indicator updates must not wipe it before it is read.
  let kept = '';
  const keep = (text: string) => {
    kept = text;
    refresh();
  };
  store.on('edit', () => kept && keep(''));

  const refresh = () => {
    const busy = store.runtime.callId !== null;
    const reasons = [...store.runtime.blocks.values()];
    // Send stays pressable while only the JSON check is pending: the press validates first, then sends.
    send.disabled = busy || reasons.length > 0;
    send.title = reasons.length > 0 ? `Send is blocked: ${reasons.join(' ')}` : `Send (${SEND_KEY})`;
    cancel.disabled = !busy;
    next.hidden = end.hidden = !interactive();
    next.disabled = end.disabled = !busy;
    replaceChildren(note, kept || (reasons.length > 0 && !busy ? reasons.join(' ') : ''));
  };

  return {
    element: h(
      'div',
      { class: 'action-bar', role: 'toolbar', 'aria-label': 'Call' },
      send,
      cancel,
      next,
      end,
      status,
      note,
      h('span', { class: 'grow' }),
      button('', () => void actions.copyGrpcurl(), {
        icon: 'terminal',
        secondary: true,
        title: 'Copy as grpcurl command',
        id: 'copy-grpcurl',
      }),
      button('', () => void actions.saveRequest(), { icon: 'save', secondary: true, title: 'Save the request', id: 'save-request' }),
      button('', () => void actions.saveAll(), {
        icon: 'save-all',
        secondary: true,
        title: 'Save all responses of the last call to a file',
        id: 'save-all',
      }),
    ),
    note: keep,
    running() {
      keep('');
      status.className = 'status running';
      status.textContent = 'Calling…';
    },
    ended(summary, problem) {
      if (summary) {
        status.className = `status ${summary.code === 0 ? 'ok' : 'error'}`;
        status.textContent = `${summary.codeName} (${summary.code}) · ${formatMs(summary.timing.totalMs)}`;
        status.title = summary.message;
      } else if (problem) {
        status.className = 'status error';
        status.textContent = problem.code === 'internal' ? 'Failed' : `Failed: ${problem.code}`;
        status.title = problem.message;
      }
    },
    idle() {
      keep('');
      status.className = 'status';
      status.textContent = 'No call yet.';
      status.title = '';
    },
    refresh,
  };
}
