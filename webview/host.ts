// The webview's side of the protocol: typed requests with timeouts, and a listener for pushes.
import { PendingRequests } from '../src/shared/pending';
import type { FromWebview, PanelInit, PanelState, ParamsOf, ProblemView, RequestName, ResultOf, ToWebview } from '../src/shared/protocol';
import { PANEL_INIT_ID, Requests } from '../src/shared/protocol';

/** How the panel is laid out; kept in the webview's state beside the request, never sent to the host. */
export interface PanelLayout {
  /** The request pane's share of the width, from 0 to 1. */
  split?: number;
}

/** What the webview keeps in VS Code's webview state. */
type StoredState = PanelState & { layout?: PanelLayout };

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): StoredState | undefined;
  setState(state: StoredState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A failure the host reported, with its hint. */
export class HostProblem extends Error {
  constructor(readonly problem: ProblemView) {
    super(problem.message);
  }
}

export type Push = Exclude<ToWebview, { type: 'reply' }>;

export class Host {
  private readonly api = acquireVsCodeApi();
  private readonly pending = new PendingRequests();
  private readonly listeners: Array<(message: Push) => void> = [];
  private layout: PanelLayout = this.api.getState()?.layout ?? {};

  constructor() {
    window.addEventListener('message', (event: MessageEvent<ToWebview>) => this.receive(event.data));
    // The webview is torn down with the panel; settle anything still waiting.
    window.addEventListener('pagehide', () => this.pending.dispose());
  }

  request<N extends RequestName>(name: N, params: ParamsOf<N>): Promise<ResultOf<N>> {
    const { id, reply } = this.pending.open<ResultOf<N>>(name, Requests[name].timeoutMs);
    this.api.postMessage({ type: 'request', id, name, params } as FromWebview);
    return reply;
  }

  post(message: Exclude<FromWebview, { type: 'request' }>): void {
    this.api.postMessage(message);
  }

  onPush(listener: (message: Push) => void): void {
    this.listeners.push(listener);
  }

  loadState(): PanelState | undefined {
    const state = this.api.getState();
    if (!state) return undefined;
    // Panels saved before the target's kind named the transport also kept a separate `transport` field.
    const { transport: _transport, layout: _layout, ...current } = state as StoredState & { transport?: unknown };
    return current;
  }

  saveState(state: PanelState): void {
    this.api.setState({ ...state, metadata: state.metadata.map((row) => (row.secret ? { ...row, value: '' } : row)), layout: this.layout });
  }

  loadLayout(): PanelLayout {
    return this.layout;
  }

  /** Keeps the layout with the saved request state (the store saves that state as soon as the panel is built). */
  saveLayout(change: PanelLayout): void {
    this.layout = { ...this.layout, ...change };
    const current = this.api.getState();
    if (current) this.api.setState({ ...current, layout: this.layout });
  }

  private receive(message: ToWebview): void {
    if (!message || typeof message !== 'object') return;
    if (message.type === 'reply') {
      this.pending.settle(
        message.inReplyTo,
        message.ok ? { ok: true, value: message.result } : { ok: false, error: new HostProblem(message.problem) },
      );
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}

/** The message of any error, for showing in the panel. */
export function describeError(error: unknown): { message: string; hint?: string } {
  if (error instanceof HostProblem) return { message: error.problem.message, hint: error.problem.hint };
  return { message: error instanceof Error ? error.message : String(error) };
}

/** The facts the host wrote into the page (panel/html.ts), read once at start. */
export function readPanelInit(): PanelInit {
  return JSON.parse(document.getElementById(PANEL_INIT_ID)?.textContent ?? '') as PanelInit;
}
