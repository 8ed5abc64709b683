// Target bar: transport, address, TLS files, and the Connect button. Typing is checked on the
// host with the core's own target parser, so the messages match the CLI's.
import { button, checkbox, field, select, textField } from '../controls';
import { debounce, h, icon, replaceChildren } from '../dom';
import { describeError, type Host } from '../host';
import type { PickPurpose, SelectTargetResult, TargetDraft, TlsDraft, TransportKind } from '../../src/shared/protocol';
import { emptyTarget, type Store } from '../store';

const TRANSPORT_LABELS: Record<TransportKind, string> = {
  unix: 'Unix socket',
  abstract: 'Abstract socket',
  pipe: 'Named pipe',
  tcp: 'TCP',
};

export interface TargetBarApi {
  element: HTMLElement;
  /** Selects the target as typed: checks it, its owner and certificate on the host. */
  connect(): Promise<void>;
  /** Puts the caret in the first address field. */
  focus(): void;
}

/** One line once connected: transport · address · TLS · schema source; expands on click. */
export function targetSummary(store: Store, onToggle: () => void): HTMLElement {
  const line = h('button', {
    type: 'button',
    class: 'target-summary',
    id: 'target-summary',
    'aria-expanded': 'false',
    on: { click: onToggle },
  });
  const render = () => {
    const tls = store.state.tls.kind === 'on' ? 'TLS' : 'no TLS';
    const parts = [
      TRANSPORT_LABELS[store.state.target.kind],
      store.runtime.connected?.label ?? 'not connected',
      tls,
      store.runtime.sourceLabel || 'no schema yet',
    ];
    replaceChildren(line, icon('plug'), h('span', {}, parts.join(' · ')), icon('chevron-down'));
    line.title = 'Show the target settings';
    line.hidden = store.runtime.connected === null;
  };
  store.on('target', render);
  store.on('methods', render);
  render();
  return line;
}

export function targetBar(host: Host, store: Store, onSelected: (result: SelectTargetResult) => void): TargetBarApi {
  const root = h('section', { class: 'target-bar', 'aria-label': 'Target' });
  const problem = h('div', { class: 'problem', role: 'status' });

  const check = debounce(async () => {
    try {
      const result = await host.request('checkTarget', { target: store.state.target });
      // An address not typed yet is not a mistake; Connect says so if pressed.
      const empty = Object.entries(store.state.target).every(([key, value]) => key === 'kind' || key === 'host' || value === '');
      replaceChildren(problem, result.ok || empty ? '' : `${result.problem.message} ${result.problem.hint ?? ''}`);
    } catch (error) {
      replaceChildren(problem, describeError(error).message);
    }
  }, 250);

  const setTarget = (target: TargetDraft) => {
    store.update({ target });
    const connected = store.runtime.connected;
    if (connected && connected.key === targetKey(store)) {
      // Typed back to what is selected: nothing changed after all.
      if (store.runtime.targetId !== connected.targetId) {
        store.runtime.targetId = connected.targetId;
        store.block('target', null);
        store.emit('validity');
      }
    } else if (store.runtime.targetId) {
      store.runtime.targetId = null;
      store.block('target', 'The target changed; press Connect.');
    }
    check();
  };

  const connect = async () => {
    replaceChildren(problem, 'Connecting…');
    try {
      const result = await host.request('selectTarget', { target: store.state.target, tls: store.state.tls });
      replaceChildren(problem, '');
      store.runtime.connected = { key: targetKey(store), targetId: result.targetId, label: result.label };
      onSelected(result);
    } catch (error) {
      const { message, hint } = describeError(error);
      replaceChildren(problem, hint ? `${message} ${hint}` : message);
    }
  };

  const render = () => {
    const transports = store.runtime.transports;
    const transport = select(
      transports.map((kind) => ({ value: kind, label: TRANSPORT_LABELS[kind] })),
      store.state.target.kind,
      (kind) => {
        setTarget(emptyTarget(kind));
        render();
      },
      'Transport',
    );
    transport.id = 'transport';
    const address = addressFields(host, store, setTarget);
    // Enter in an address field connects, so a target can be chosen without the mouse.
    address.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.target as HTMLElement).tagName === 'VSCODE-TEXTFIELD') {
        event.preventDefault();
        void connect();
      }
    });
    replaceChildren(
      root,
      h('div', { class: 'row' }, field('Transport', transport), h('div', { class: 'grow' }, address)),
      tlsFields(host, store, render),
      h(
        'div',
        { class: 'row' },
        button('Connect', () => void connect(), {
          icon: 'plug',
          id: 'connect',
          title: 'Check the target, its owner and certificate, and load its methods',
        }),
      ),
      problem,
    );
  };
  store.on('target', render);
  render();
  return {
    element: root,
    connect,
    focus: () => {
      // The field renders its inner input asynchronously; focus once it is there.
      const field = root.querySelector('vscode-textfield') as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
      void (field?.updateComplete ?? Promise.resolve()).then(() => requestAnimationFrame(() => field?.focus()));
    },
  };
}

/** What identifies a selection: the address and TLS as typed. */
function targetKey(store: Store): string {
  return JSON.stringify([store.state.target, store.state.tls]);
}

function addressFields(host: Host, store: Store, setTarget: (target: TargetDraft) => void): HTMLElement {
  const target = store.state.target;
  switch (target.kind) {
    case 'unix': {
      const path = textField(target.path, (value) => setTarget({ kind: 'unix', path: value }), {
        label: 'Socket path',
        placeholder: '/run/user/1000/app.sock',
        id: 'socket-path',
      });
      const list = h('div', { class: 'socket-list' });
      const pick = button(
        '',
        () => void pickSocket(host, list, (value) => ((path.value = value), setTarget({ kind: 'unix', path: value }))),
        {
          icon: 'search',
          secondary: true,
          title: 'Pick from discovered sockets',
        },
      );
      return field('Socket path', h('div', { class: 'socket-field' }, h('div', { class: 'row' }, path, pick), list));
    }
    case 'abstract':
      return field(
        'Abstract name',
        textField(target.name, (value) => setTarget({ kind: 'abstract', name: value }), {
          label: 'Abstract socket name',
          placeholder: 'my-service',
        }),
      );
    case 'pipe':
      return field(
        'Pipe name',
        textField(target.name, (value) => setTarget({ kind: 'pipe', name: value }), { label: 'Pipe name', placeholder: 'my-service' }),
      );
    case 'tcp': {
      const host = textField(target.host, (value) => setTarget({ ...current(store, 'tcp'), host: value }), {
        label: 'Host',
        placeholder: 'localhost',
      });
      const port = textField(target.port, (value) => setTarget({ ...current(store, 'tcp'), port: value }), {
        label: 'Port',
        placeholder: '50051',
      });
      return h('div', { class: 'row' }, field('Host', host), field('Port', port));
    }
  }
}

function current<K extends TargetDraft['kind']>(store: Store, kind: K): Extract<TargetDraft, { kind: K }> {
  const target = store.state.target;
  return (target.kind === kind ? target : emptyTarget(kind)) as Extract<TargetDraft, { kind: K }>;
}

async function pickSocket(host: Host, list: HTMLElement, choose: (path: string) => void): Promise<void> {
  replaceChildren(list, 'Looking for sockets…');
  try {
    const { sockets, grpc = [] } = await host.request('listSockets', {});
    if (sockets.length === 0) return replaceChildren(list, 'No listening sockets found.');
    replaceChildren(
      list,
      ...sockets.map((socket) =>
        h(
          'button',
          { class: 'link', type: 'button', on: { click: () => (choose(socket), replaceChildren(list)) } },
          grpc.includes(socket) ? `${socket} (gRPC)` : socket,
        ),
      ),
    );
  } catch (error) {
    replaceChildren(list, describeError(error).message);
  }
}

function tlsFields(host: Host, store: Store, rerender: () => void): HTMLElement {
  const tls = store.state.tls;
  const toggle = checkbox('TLS', tls.kind === 'on', (on) => {
    store.update({ tls: on ? { kind: 'on', ca: '', cert: '', key: '', serverName: '', insecure: false } : { kind: 'off' } });
    rerender();
  });
  toggle.id = 'tls-toggle';
  if (tls.kind === 'off') return h('div', { class: 'tls' }, toggle);
  const set = (change: Partial<Extract<TlsDraft, { kind: 'on' }>>) => {
    const now = store.state.tls;
    if (now.kind === 'on') store.update({ tls: { ...now, ...change } });
  };
  const fileRow = (label: string, purpose: PickPurpose, key: 'ca' | 'cert' | 'key') => {
    const shown = h('span', { class: 'path', title: tls[key] }, tls[key] || 'none');
    const pick = async () => {
      const { paths } = await host.request('pickFile', { purpose });
      if (!paths[0]) return;
      set({ [key]: paths[0] });
      rerender();
    };
    const clear = button('', () => (set({ [key]: '' }), rerender()), { icon: 'close', secondary: true, title: `Clear ${label}` });
    return h(
      'div',
      { class: 'row file-row' },
      h('span', { class: 'field-label' }, label),
      shown,
      button('Choose…', () => void pick(), { secondary: true }),
      tls[key] ? clear : null,
    );
  };
  return h(
    'div',
    { class: 'tls' },
    toggle,
    fileRow('CA', 'ca', 'ca'),
    fileRow('Client cert', 'cert', 'cert'),
    fileRow('Client key', 'key', 'key'),
    field(
      'Server name',
      textField(tls.serverName, (value) => set({ serverName: value }), {
        label: 'Server name (SNI)',
        placeholder: 'as in the certificate',
      }),
    ),
    h(
      'div',
      { class: 'row' },
      checkbox('Skip chain check (the pin is still enforced)', tls.insecure, (insecure) => set({ insecure })),
      icon('warning'),
    ),
  );
}
