// Waiting until a freshly started server really listens, or learning why it never will.
import type { ProcessExit } from './process';

/** Why the wait ended. */
export type ReadyOutcome =
  { kind: 'listening' } | { kind: 'exited'; exit: ProcessExit } | { kind: 'timeout'; waitedMs: number } | { kind: 'cancelled' };

/** Options for waitUntilListening. */
export interface ReadyOptions {
  /** Resolves when the process ends; an early exit ends the wait. */
  exited: Promise<ProcessExit>;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Pause between probes. */
  intervalMs?: number;
}

/**
 * Polls `isListening` until it says yes, the process exits, the time is up or the caller cancels.
 * Polling (rather than watching the directory) also covers abstract sockets, pipes and TCP.
 */
export async function waitUntilListening(isListening: () => Promise<boolean>, options: ReadyOptions): Promise<ReadyOutcome> {
  const started = Date.now();
  const interval = options.intervalMs ?? 100;
  let exit: ProcessExit | undefined;
  void options.exited.then((value) => (exit = value));
  for (;;) {
    if (options.signal?.aborted) return { kind: 'cancelled' };
    if (await isListening()) return { kind: 'listening' };
    // Checked after the probe, so a server that listened and then died is reported as exited.
    if (exit) return { kind: 'exited', exit };
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) return { kind: 'timeout', waitedMs: waited };
    await pause(Math.min(interval, options.timeoutMs - waited), options.signal, options.exited);
  }
}

function pause(ms: number, signal: AbortSignal | undefined, exited: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    void exited.then(done);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
