// Request builder panel (browser side): builds the components and wires them to the host.
import './styles.css';
import { environmentPicker } from './components/environment';
import { recentCalls } from './components/history';
import { callOptions } from './components/options';
import { requestEditor } from './components/editor';
import { indicators } from './components/indicators';
import { methodPicker } from './components/methodPicker';
import { responseView } from './components/response';
import { targetBar } from './components/targetBar';
import { button } from './controls';
import { h, replaceChildren } from './dom';
import { describeError, Host } from './host';
import type { InitMessage, PanelState, SelectTargetResult } from '../src/shared/protocol';
import { assertNever } from '../src/shared/protocol';
import { defaultState, Store } from './store';

const host = new Host();
const app = document.getElementById('app')!;
let started = false;

host.onPush((message) => {
  switch (message.type) {
    case 'init':
      if (!started) start(message);
      return;
    case 'callEvents':
      if (message.callId === store?.runtime.callId) response?.events(message);
      return;
    case 'callEnded':
      if (message.callId !== store?.runtime.callId) return;
      response?.ended(message.summary, message.problem);
      if (message.certificate) indicatorsApi?.certificate(message.certificate);
      if (message.transport) indicatorsApi?.transport(message.transport);
      store.runtime.callId = null;
      store.emit('call');
      return;
    case 'certificate':
      if (message.targetId === store?.runtime.targetId) indicatorsApi?.certificate(message.certificate);
      return;
    case 'environment':
      environmentName = message.name;
      environmentApi?.show(message.name);
      return;
    default:
      assertNever(message);
  }
});
host.post({ type: 'ready' });

let store: Store;
let response: ReturnType<typeof responseView> | undefined;
let indicatorsApi: ReturnType<typeof indicators> | undefined;
let environmentApi: ReturnType<typeof environmentPicker> | undefined;
let environmentName: string | null = null;
/** Sends with the builder currently shown (start() runs again when a request is restored). */
let sendCurrent: () => void = () => undefined;
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    sendCurrent();
  }
});

function start(init: InitMessage): void {
  started = true;
  // Restoring a request from the history builds the panel again from that request, as a preset.
  const restore = (state: PanelState, run: boolean) => start({ ...init, preset: { state, ...(run ? { run } : {}) } });
  const saved = host.loadState();
  const preset = init.preset?.state;
  const initial = preset ?? (saved && init.transports.includes(saved.transport) ? saved : defaultState(init.defaultTransport));
  if (init.preset?.draft) initial.target = init.preset.draft;
  if (init.preset?.draft) initial.transport = init.preset.draft.kind;
  if (init.preset?.method) initial.method = init.preset.method;
  store = new Store(initial, (state) => host.saveState(state));
  store.runtime.transports = init.transports;
  store.runtime.expectedOwner = init.expectedOwner;
  store.runtime.pipeImpersonation = init.pipeImpersonation;
  store.update({});

  indicatorsApi = indicators(host, store);
  response = responseView();
  const editor = requestEditor(host, store);
  const status = h('div', { class: 'send-status', id: 'send-status', role: 'status' });

  const onSelected = (result: SelectTargetResult) => {
    store.runtime.targetId = result.targetId;
    store.runtime.targetLabel = result.label;
    indicatorsApi!.owner(result.owner);
    indicatorsApi!.transport(result.transport);
    store.block('target', null);
    store.emit('target');
  };

  const pickMethod = async (fullName: string, restore?: string[]) => {
    const targetId = store.runtime.targetId;
    if (!targetId) return;
    try {
      const described = await host.request('describeMethod', { targetId, method: fullName });
      store.runtime.methodKind = described.kind;
      store.block('method', null);
      store.emit('method');
      editor.setTemplate(described.template, described.hints, restore);
    } catch (error) {
      store.block('method', describeError(error).message);
    }
  };

  const send = async () => {
    const targetId = store.runtime.targetId;
    if (!targetId || store.runtime.blocks.size > 0 || store.runtime.callId) return;
    response!.reset();
    const interactive = editor.interactive();
    try {
      const { callId } = await host.request('startCall', {
        targetId,
        method: store.state.method,
        requests: interactive ? [] : store.state.requests,
        interactive,
        metadata: store.state.metadata,
        deadlineMs: store.state.deadlineMs,
        maxMessageBytes: store.state.maxMessageBytes,
      });
      store.runtime.callId = callId;
      store.emit('call');
    } catch (error) {
      response!.ended(undefined, { code: 'internal', ...describeError(error) });
    }
  };

  const sendButton = button('Send', () => void send(), { icon: 'play', id: 'send', title: 'Send (Ctrl+Enter)' });
  const cancelButton = button('Cancel', () => store.runtime.callId && host.post({ type: 'callCancel', callId: store.runtime.callId }), {
    icon: 'stop-circle',
    secondary: true,
    id: 'cancel',
  });
  const nextButton = button(
    'Send next',
    () => store.runtime.callId && host.post({ type: 'callWrite', callId: store.runtime.callId, text: editor.focusedText() }),
    { icon: 'arrow-right', secondary: true, id: 'send-next' },
  );
  const endButton = button('End stream', () => store.runtime.callId && host.post({ type: 'callEnd', callId: store.runtime.callId }), {
    secondary: true,
    id: 'end-stream',
  });

  const copyGrpcurl = async () => {
    const targetId = store.runtime.targetId;
    if (!targetId) return;
    try {
      await host.request('copyGrpcurl', {
        targetId,
        method: store.state.method,
        requests: store.state.requests,
        metadata: store.state.metadata,
        deadlineMs: store.state.deadlineMs,
      });
      replaceChildren(status, 'grpcurl command copied.');
    } catch (error) {
      replaceChildren(status, describeError(error).message);
    }
  };
  const saveRequest = async () => {
    try {
      const { file, cancelled } = await host.request('saveRequest', { name: store.state.method.split(/[./]/).pop() || 'request', state: store.state });
      replaceChildren(status, cancelled ? 'Not saved.' : `Saved ${file}`);
    } catch (error) {
      replaceChildren(status, describeError(error).message);
    }
  };
  let lastCallId: string | null = null;
  const saveAll = async () => {
    if (!lastCallId) return;
    try {
      const { file } = await host.request('saveResponses', { callId: lastCallId });
      if (file) replaceChildren(status, `Saved ${file}`);
    } catch (error) {
      replaceChildren(status, describeError(error).message);
    }
  };

  environmentApi = environmentPicker(host, (message) => replaceChildren(status, message));
  environmentApi.show(environmentName);
  const actions = h(
    'div',
    { class: 'actions row' },
    sendButton,
    cancelButton,
    nextButton,
    endButton,
    button('', () => void copyGrpcurl(), { icon: 'terminal', secondary: true, title: 'Copy as grpcurl command', id: 'copy-grpcurl' }),
    button('', () => host.post({ type: 'copyText', text: response!.selectedText() }), {
      icon: 'copy',
      secondary: true,
      title: 'Copy the response',
      id: 'copy-response',
    }),
    button('', () => void saveRequest(), {
      icon: 'save',
      secondary: true,
      title: 'Save the request to .vscode/grpc-ipc/requests',
      id: 'save-request',
    }),
    button('', () => void saveAll(), {
      icon: 'save-all',
      secondary: true,
      title: 'Save all responses of the last call to a file',
      id: 'save-all',
    }),
    environmentApi.element,
  );

  const refreshButtons = () => {
    const busy = store.runtime.callId !== null;
    const reasons = [...store.runtime.blocks.values()];
    sendButton.disabled = busy || reasons.length > 0;
    sendButton.title = reasons.length > 0 ? `Send is blocked: ${reasons.join(' ')}` : 'Send (Ctrl+Enter)';
    cancelButton.disabled = !busy;
    nextButton.hidden = endButton.hidden = !editor.interactive();
    nextButton.disabled = endButton.disabled = !busy;
    replaceChildren(status, reasons.length > 0 && !busy ? reasons.join(' ') : '');
    if (busy) lastCallId = store.runtime.callId;
  };
  store.on('validity', refreshButtons);
  store.on('call', refreshButtons);
  store.on('method', refreshButtons);

  const picker = methodPicker(host, store, (method) => void pickMethod(method.fullName));
  replaceChildren(
    app,
    indicatorsApi.element,
    targetBar(host, store, onSelected),
    picker,
    editor.element,
    callOptions(store),
    actions,
    status,
    response.element,
    recentCalls(host, store, restore),
  );
  refreshButtons();
  sendCurrent = () => void send();

  // A preset with run (Run Saved Request, Run again) sends once, as soon as nothing blocks Send.
  let autoRun = Boolean(init.preset?.run);
  store.on('validity', () => {
    if (!autoRun || store.runtime.blocks.size > 0 || store.runtime.methodKind === null) return;
    autoRun = false;
    setTimeout(() => void send(), 0); // after the editor has taken the restored request
  });
  // After a reload the target is re-selected from the saved state, then the method restored.
  store.on('methods', () => {
    if (
      store.state.method &&
      store.runtime.methods.some((method) => method.fullName === store.state.method) &&
      store.runtime.methodKind === null
    ) {
      void pickMethod(store.state.method, store.state.requests);
    }
  });
  if (init.preset || saved) document.getElementById('connect')?.click();
}
