// What the buttons and keys of the panel do: send, the stream controls, cancel, copy and save.
// Wiring (which button or key calls what) lives in main.ts and actionBar.ts.
import type { EditorApi } from './components/editor';
import type { ResponseApi } from './components/response';
import { describeError, type Host, HostProblem } from './host';
import type { Store } from './store';
import type { ProblemView } from '../src/shared/protocol';

export interface StatusSink {
  /** A short note beside Send, e.g. "Saved requests/Echo.json" or why Send did nothing. */
  note(text: string): void;
  /** The call ended, or the host refused it before it started (then with a problem only). */
  ended(summary: undefined, problem: ProblemView): void;
}

export class CallActions {
  /** The call whose messages the response pane shows. */
  shownCallId: string | null = null;
  /** The last call, for "save all". */
  lastCallId: string | null = null;
  private callStartedAt = 0;

  constructor(
    private readonly host: Host,
    private readonly store: Store,
    private readonly editor: EditorApi,
    private readonly response: ResponseApi,
    private readonly status: StatusSink,
  ) {}

  /** Ms since the shown call started, for the transcript. */
  sinceStart(): number {
    return performance.now() - this.callStartedAt;
  }

  /** Ctrl/Cmd+Enter: the next message of an interactive stream, else a new call. */
  run(): Promise<void> {
    if (this.store.runtime.callId && this.editor.interactive()) return Promise.resolve(this.sendNext());
    return this.send();
  }

  /** Validates first (a key press is never lost to a pending check), then sends or says why not. */
  async send(): Promise<void> {
    const { store } = this;
    if (store.runtime.callId) return this.status.note('A call is running; press Escape or Cancel to stop it.');
    const targetId = store.runtime.targetId;
    const problems = await this.editor.validateNow();
    const reasons = [...store.runtime.blocks.values()];
    if (!targetId || reasons.length > 0 || problems.length > 0)
      return this.status.note(`Not sent: ${[...reasons, ...problems][0] ?? 'connect first.'}`);
    const interactive = this.editor.interactive();
    const kind = store.runtime.methodKind;
    this.response.reset(kind !== 'unary');
    const requests = interactive
      ? []
      : kind === 'client-streaming' || kind === 'bidi'
        ? store.state.requests
        : store.state.requests.slice(0, 1);
    try {
      const { callId } = await this.host.request('startCall', {
        targetId,
        method: store.state.method,
        requests,
        interactive,
        metadata: store.state.metadata,
        deadlineMs: store.state.deadlineMs,
        maxMessageBytes: store.state.maxMessageBytes,
      });
      // Received messages are timed by the host from its start of the call, which is just before this
      // reply; sent ones are timed from here, so an answer never shows an earlier time than its question.
      this.callStartedAt = performance.now();
      store.runtime.callId = this.shownCallId = this.lastCallId = callId;
      if (kind !== 'unary' && kind !== 'server-streaming') for (const text of requests) this.response.sent(text, 0);
      store.emit('call');
    } catch (error) {
      // The host refuses a call it may not make (owner, pin) before it starts: shown like a failed call.
      const problem: ProblemView = error instanceof HostProblem ? error.problem : { code: 'internal', ...describeError(error) };
      this.response.ended(undefined, problem);
      this.status.ended(undefined, problem);
    }
  }

  sendNext(): void {
    const callId = this.store.runtime.callId;
    if (!callId) return;
    const text = this.editor.focusedText();
    this.host.post({ type: 'callWrite', callId, text });
    this.response.sent(text, this.sinceStart());
  }

  endStream(): void {
    const callId = this.store.runtime.callId;
    if (callId) this.host.post({ type: 'callEnd', callId });
  }

  cancel(): boolean {
    const callId = this.store.runtime.callId;
    if (!callId) return false;
    this.host.post({ type: 'callCancel', callId });
    return true;
  }

  async copyGrpcurl(): Promise<void> {
    const { store } = this;
    const targetId = store.runtime.targetId;
    if (!targetId) return this.status.note('Connect to a target first.');
    try {
      await this.host.request('copyGrpcurl', {
        targetId,
        method: store.state.method,
        requests: store.state.requests,
        metadata: store.state.metadata,
        deadlineMs: store.state.deadlineMs,
      });
      this.status.note('grpcurl command copied.');
    } catch (error) {
      this.status.note(describeError(error).message);
    }
  }

  async saveRequest(): Promise<void> {
    try {
      const name = this.store.state.method.split(/[./]/).pop() || 'request';
      const { file, cancelled } = await this.host.request('saveRequest', { name, state: this.store.state });
      this.status.note(cancelled ? 'Not saved.' : `Saved ${file}`);
    } catch (error) {
      this.status.note(describeError(error).message);
    }
  }

  async saveAll(): Promise<void> {
    if (!this.lastCallId) return this.status.note('Send a call first.');
    try {
      const { file } = await this.host.request('saveResponses', { callId: this.lastCallId });
      if (file) this.status.note(`Saved ${file}`);
    } catch (error) {
      this.status.note(describeError(error).message);
    }
  }
}
