// Runs the panel's calls: streams their messages to the webview in batches, writes every message to
// a spool file for "save all", and cancels whatever is still running when the panel closes.
// No vscode here; the host passes in how to post and how to start a call.
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import type { CallEndedMessage, CallSummary, ToWebview } from '../../shared/protocol';
import type { Clock } from '../../shared/clock';
import { StreamBatcher } from '../../ipc/panelSupport/batcher';
import type { CallResult } from '../../ipc/types';
import { wordHint } from '../../ipc/remedy';
import { escapeControls } from '../../ipc/text';
import { PANEL_WORDS } from '../words';

/** The parts of the core's CallHandle the runner uses. */
export interface CallHandleLike {
  write(json: unknown): void;
  end(): void;
  cancel(): void;
  result: Promise<CallResult>;
}

/** The parts of the core's CallListener the runner provides. */
export interface CallListenerLike {
  onHeaders?(headers: Record<string, string[]>): void;
  onMessage?(json: unknown, index: number): void;
}

/** What happens when a call ends, besides the status: extra facts for the indicators. */
export type CallOutcome = Pick<CallEndedMessage, 'problem' | 'certificate' | 'transport'>;

/** `C` is what the host knows of each call (its target, method, start time), handed back when it ends. */
export interface CallRunnerOptions<C = void> {
  post(message: ToWebview): void;
  /** Makes the folder for spool files, on the first call only (so a panel never used leaves nothing); dispose() removes it. */
  spoolDir: () => string;
  /** Turns a failure into what the webview shows. */
  explain(error: unknown): CallOutcome;
  /** Runs when a call has ended, before the webview hears of it (history, certificate checks), with the context start() was given. */
  beforeEnded?(callId: string, context: C, result: CallResult | undefined, problem: CallOutcome['problem']): Promise<void>;
  intervalMs?: number;
  maxItemsPerPost?: number;
  clock?: Clock;
}

interface Running<C> {
  context: C;
  handle: CallHandleLike;
  batcher: StreamBatcher<{ index: number; json: unknown; atMs: number; bytes: number }>;
  spool: WriteStream;
  spoolPath: string;
  count: number;
  finished: Promise<void>;
  /** How it ended, once it has. */
  result?: CallResult;
  problem?: CallOutcome['problem'];
}

export class CallRunner<C = void> {
  private readonly calls = new Map<string, Running<C>>();
  private nextId = 1;
  private spoolDir?: string;

  constructor(private readonly options: CallRunnerOptions<C>) {}

  /** Ids of calls the webview may refer to (running or kept for "save all"). */
  get ids(): ReadonlySet<string> {
    return new Set(this.calls.keys());
  }

  /** Starts a call; `context` comes back to beforeEnded however soon the call ends. */
  start(begin: (listener: CallListenerLike) => CallHandleLike, context: C): string {
    const callId = `c${this.nextId++}`;
    this.spoolDir ??= this.options.spoolDir();
    const spoolPath = path.join(this.spoolDir, `${callId}.json`);
    const spool = createWriteStream(spoolPath, { mode: 0o600 });
    spool.on('error', () => undefined);
    let headers: Record<string, string[]> | undefined;
    const startedAt = performance.now();
    const batcher = new StreamBatcher<{ index: number; json: unknown; atMs: number; bytes: number }>(
      (batch) => {
        this.options.post({
          type: 'callEvents',
          callId,
          ...(headers ? { headers } : {}),
          messages: batch.items.map((item) => ({
            index: item.index,
            json: JSON.stringify(item.json, null, 2),
            atMs: Math.round(item.atMs * 10) / 10,
            bytes: item.bytes,
          })),
          received: batch.received,
        });
        headers = undefined;
      },
      { intervalMs: this.options.intervalMs ?? 75, maxItems: this.options.maxItemsPerPost ?? 200, clock: this.options.clock },
    );
    const running = { context, batcher, spool, spoolPath, count: 0 } as Running<C>;
    const listener: CallListenerLike = {
      onHeaders: (value) => {
        headers = value;
      },
      onMessage: (json, index) => {
        const compact = JSON.stringify(json);
        spool.write(`${running.count === 0 ? '[\n' : ',\n'}${compact}`);
        running.count++;
        batcher.push({ index, json, atMs: performance.now() - startedAt, bytes: Buffer.byteLength(compact) });
      },
    };
    this.calls.set(callId, running);
    try {
      running.handle = begin(listener);
    } catch (error) {
      running.finished = this.finish(callId, running, undefined, this.options.explain(error));
      return callId;
    }
    running.finished = running.handle.result.then(
      (result) => this.finish(callId, running, result, {}),
      (error: unknown) => this.finish(callId, running, undefined, this.options.explain(error)),
    );
    return callId;
  }

  write(callId: string, json: unknown): void {
    this.calls.get(callId)?.handle?.write(json);
  }

  end(callId: string): void {
    this.calls.get(callId)?.handle?.end();
  }

  cancel(callId: string): void {
    this.calls.get(callId)?.handle?.cancel();
  }

  /** Waits for a call to end, then says how it ended. */
  async settled(callId: string): Promise<{ result?: CallResult; problem?: CallOutcome['problem'] }> {
    const running = this.calls.get(callId);
    await running?.finished;
    return { result: running?.result, problem: running?.problem };
  }

  /** Copies every message of a finished call, as one JSON array, to `destination`. */
  async saveAll(callId: string, destination: string): Promise<number> {
    const running = this.calls.get(callId);
    if (!running) return 0;
    await running.finished;
    await fs.copyFile(running.spoolPath, destination);
    return running.count;
  }

  /** Cancels running calls and deletes the spool files. */
  async dispose(): Promise<void> {
    for (const running of this.calls.values()) {
      running.batcher.dispose();
      running.handle?.cancel();
      running.spool.destroy();
    }
    this.calls.clear();
    if (this.spoolDir) await fs.rm(this.spoolDir, { recursive: true, force: true });
  }

  private async finish(callId: string, running: Running<C>, result: CallResult | undefined, outcome: CallOutcome): Promise<void> {
    running.batcher.flush();
    await new Promise<void>((resolve) => running.spool.end(running.count === 0 ? '[]\n' : '\n]\n', () => resolve()));
    const summary: CallSummary | undefined = result && {
      code: result.code,
      codeName: result.codeName,
      // The server's own words: control characters made visible, as the CLI prints them.
      message: escapeControls(result.message),
      ...(result.hint ? { hint: wordHint(result.hint, PANEL_WORDS) } : {}),
      headers: result.headers,
      trailers: result.trailers,
      timing: result.timing,
      transport: result.transport,
      messageCount: running.count,
      dropped: 0,
      ...(result.statusDetails ? { statusDetails: result.statusDetails } : {}),
    };
    running.result = result;
    running.problem = outcome.problem;
    await this.options.beforeEnded?.(callId, running.context, result, outcome.problem).catch(() => undefined);
    this.options.post({ type: 'callEnded', callId, ...(summary ? { summary } : {}), ...outcome });
  }
}
