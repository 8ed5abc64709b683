// Request builder panel (browser side): builds the components and wires them to the host and to
// each other. What each action does lives in actions.ts; the page frame in layout.ts.
import './styles.css';
import { CallActions } from './actions';
import { actionBar } from './components/actionBar';
import { environmentPicker } from './components/environment';
import { requestEditor } from './components/editor';
import { recentCalls } from './components/history';
import { indicators } from './components/indicators';
import { methodPicker } from './components/methodPicker';
import { callOptions } from './components/options';
import { responseView } from './components/response';
import { targetBar, targetSummary } from './components/targetBar';
import { replaceChildren } from './dom';
import { describeError, Host, readPanelInit } from './host';
import { frame } from './layout';
import type { CallEndedMessage, MethodView, PanelInit, PanelState, SelectTargetResult } from '../src/shared/protocol';
import { assertNever } from '../src/shared/protocol';
import { defaultState, Store } from './store';

const host = new Host();
const app = document.getElementById('app')!;
let environmentName: string | null = null;
// Built at once from what the host wrote into the page: the editor takes input before any reply.
let panel = build(readPanelInit());
// For the e2e run's timing: when, since this page began loading, the editor took input, and when it
// was first painted (the components render in microtasks after this task, then the editor measures).
performance.mark('grpc-ipc:editor-ready');
requestAnimationFrame(() => setTimeout(() => performance.mark('grpc-ipc:editor-painted')));

host.onPush((message) => {
  switch (message.type) {
    case 'callEvents':
      if (message.callId === panel.actions.shownCallId) panel.response.events(message, panel.actions.sinceStart());
      return;
    case 'callEnded':
      panel.callEnded(message);
      return;
    case 'certificate':
      if (message.targetId === panel.store.runtime.targetId) panel.indicators.certificate(message.certificate);
      return;
    case 'owner':
      if (message.targetId === panel.store.runtime.targetId) panel.indicators.owner(message.owner);
      return;
    case 'environment':
      environmentName = message.name;
      panel.environment.show(message.name);
      return;
    default:
      assertNever(message);
  }
});
host.post({ type: 'ready' });

// One listener for the page: the panel may be built again (a request restored from the history).
document.addEventListener('keydown', (event) => {
  // An editor's Ctrl/Cmd+Enter has already run the call.
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
    event.preventDefault();
    void panel.actions.run();
  } else if (event.key === 'Escape' && panel.store.runtime.callId && panel.actions.cancel()) {
    event.preventDefault();
  }
});

function initialState(init: PanelInit): PanelState {
  const saved = host.loadState();
  const preset = init.preset?.state;
  const initial = preset ?? (saved && init.transports.includes(saved.target?.kind) ? saved : defaultState(init.defaultTransport));
  if (init.preset?.draft) initial.target = init.preset.draft;
  if (init.preset?.method) initial.method = init.preset.method;
  return initial;
}

function build(init: PanelInit) {
  // Read before the store first saves its state: a reopened panel connects again, a new one waits for input.
  const reopened = init.preset !== undefined || host.loadState() !== undefined;
  // Texts to restore come only from a saved panel; a method preset from the tree starts from the template,
  // exactly as picking it in the panel does.
  const savedTexts = (init.preset?.state ?? host.loadState())?.requests;
  const store = new Store(initialState(init), (state) => host.saveState(state));
  store.runtime.transports = init.transports;
  store.runtime.expectedOwner = init.expectedOwner;
  store.runtime.pipeImpersonation = init.pipeImpersonation;

  const indicatorsApi = indicators(host, store);
  const response = responseView((text) => host.post({ type: 'copyText', text }));
  const editor = requestEditor(host, store, () => void actions.run());
  const actions: CallActions = new CallActions(host, store, editor, response, {
    note: (text) => boundBar.note(text),
    ended: (summary, problem) => boundBar.ended(summary, problem),
  });
  const boundBar = actionBar(store, actions, () => editor.interactive());
  const environment = environmentPicker(host, (message) => boundBar.note(message));
  environment.show(environmentName);
  boundBar.element.appendChild(environment.element);
  // Restoring a request from the history builds the panel again from it, as a preset (and runs it if asked).
  const restore = (state: PanelState, run: boolean) => {
    panel = build({ ...init, preset: { state, ...(run ? { run } : {}) } });
  };

  const target = targetBar(host, store, (result: SelectTargetResult) => {
    store.runtime.targetId = result.targetId;
    store.runtime.targetLabel = result.label;
    indicatorsApi.owner(result.owner);
    indicatorsApi.transport(result.transport);
    store.block('target', null);
    store.emit('target');
  });
  const summary = targetSummary(store, () => setTargetOpen(target.element.hidden));
  const setTargetOpen = (open: boolean) => {
    target.element.hidden = !open;
    summary.setAttribute('aria-expanded', String(open));
  };
  store.on('target', () => setTargetOpen(store.runtime.targetId === null));

  const pickMethod = async (fullName: string, restore?: string[]) => {
    const targetId = store.runtime.targetId;
    if (!targetId) return;
    try {
      const described = await host.request('describeMethod', { targetId, method: fullName });
      if (store.state.method !== fullName) return; // another method was picked meanwhile
      store.runtime.methodKind = described.kind;
      store.block('method', null);
      // Never show one method's response under another.
      actions.shownCallId = null;
      response.clear();
      boundBar.idle();
      editor.show(described, store.runtime.drafts.get(fullName) ?? restore);
      store.emit('method');
      editor.focus();
    } catch (error) {
      store.block('method', describeError(error).message);
    }
  };
  const picker = methodPicker(host, store, (method: MethodView) => void pickMethod(method.fullName));

  const layout = frame(
    [indicatorsApi.element, summary, target.element, boundBar.element],
    [picker, editor.element, callOptions(store)],
    [response.element, recentCalls(host, store, restore)],
    { split: host.loadLayout().split, save: (split) => host.saveLayout({ split }) },
  );
  replaceChildren(app, layout.element);
  store.update({});
  store.on('validity', boundBar.refresh);
  store.on('call', boundBar.refresh);
  store.on('call', () => store.runtime.callId !== null && store.runtime.callId === actions.shownCallId && boundBar.running());
  store.on('method', boundBar.refresh);
  boundBar.refresh();

  // A preset with run (Run Saved Request, Run again) sends once, as soon as nothing blocks Send.
  let autoRun = Boolean(init.preset?.run);
  store.on('validity', () => {
    if (!autoRun || store.runtime.blocks.size > 0 || store.runtime.methodKind === null) return;
    autoRun = false;
    setTimeout(() => void actions.send(), 0); // after the editor has taken the restored request
  });
  // After a reload the target is selected again from the saved state, then the method restored.
  store.on('methods', () => {
    const method = store.state.method;
    if (method && store.runtime.methodKind === null && store.runtime.methods.some((m) => m.fullName === method))
      void pickMethod(method, savedTexts);
  });
  if (reopened) void target.connect();
  else target.focus();

  return {
    store,
    actions,
    response,
    indicators: indicatorsApi,
    environment,
    callEnded(message: CallEndedMessage) {
      if (message.callId !== store.runtime.callId && message.callId !== actions.shownCallId) return;
      if (message.callId === actions.shownCallId) {
        response.ended(message.summary, message.problem);
        boundBar.ended(message.summary, message.problem);
      }
      if (message.certificate) indicatorsApi.certificate(message.certificate);
      if (message.transport) indicatorsApi.transport(message.transport);
      if (message.callId === store.runtime.callId) store.runtime.callId = null;
      store.emit('call');
    },
  };
}
