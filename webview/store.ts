// The panel's state: what is persisted across reloads (PanelState) plus what lives only while
// the panel is open. Components read it and announce changes through `emit`.
import type { CertificateView, MethodView, OwnerView, PanelState, TransportKind } from '../src/shared/protocol';

/** `edit`: the user changed something of the request (text, target, method, options). */
export type StoreEvent = 'target' | 'methods' | 'method' | 'validity' | 'indicators' | 'call' | 'edit';

/** Runtime facts that are not persisted. */
export interface Runtime {
  transports: TransportKind[];
  expectedOwner: string;
  pipeImpersonation: string;
  targetId: string | null;
  targetLabel: string;
  methods: MethodView[];
  sourceLabel: string;
  methodKind: MethodView['kind'] | null;
  /** Problems that block Send, by who raised them. */
  blocks: Map<'json' | 'owner' | 'certificate' | 'target' | 'method', string>;
  owner: OwnerView | null;
  certificate: CertificateView | null;
  callId: string | null;
  /** Each method's request texts while the panel is open, so switching away and back keeps them. */
  drafts: Map<string, string[]>;
  /** The target draft the current targetId was selected for; typing it back restores the selection. */
  connected: { key: string; targetId: string; label: string } | null;
}

export function defaultState(transport: TransportKind): PanelState {
  return {
    target: emptyTarget(transport),
    tls: { kind: 'off' },
    source: { kind: 'reflection' },
    method: '',
    requests: ['{}'],
    metadata: [],
    deadlineMs: 10_000,
    maxMessageBytes: 4 * 1024 * 1024,
  };
}

export function emptyTarget(transport: TransportKind): PanelState['target'] {
  switch (transport) {
    case 'unix':
      return { kind: 'unix', path: '' };
    case 'abstract':
      return { kind: 'abstract', name: '' };
    case 'pipe':
      return { kind: 'pipe', name: '' };
    case 'tcp':
      return { kind: 'tcp', host: 'localhost', port: '' };
  }
}

export class Store {
  readonly runtime: Runtime = {
    transports: [],
    expectedOwner: '',
    pipeImpersonation: '',
    targetId: null,
    targetLabel: '',
    methods: [],
    sourceLabel: '',
    methodKind: null,
    blocks: new Map([
      ['target', 'Select a target first.'],
      ['method', 'Pick a method.'],
    ]),
    owner: null,
    certificate: null,
    callId: null,
    drafts: new Map(),
    connected: null,
  };
  private readonly listeners = new Map<StoreEvent, Array<() => void>>();

  constructor(
    public state: PanelState,
    private readonly persist: (state: PanelState) => void,
  ) {}

  update(change: Partial<PanelState>): void {
    this.state = { ...this.state, ...change };
    this.persist(this.state);
    this.emit('edit');
  }

  block(reason: 'json' | 'owner' | 'certificate' | 'target' | 'method', message: string | null): void {
    if (message) this.runtime.blocks.set(reason, message);
    else this.runtime.blocks.delete(reason);
    this.emit('validity');
  }

  on(event: StoreEvent, listener: () => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  emit(event: StoreEvent): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}
