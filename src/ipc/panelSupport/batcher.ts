// Groups a stream's messages into a few posts so that a server sending 100k messages does not
// flood the panel with 100k postMessage calls. The clock is injectable so tests need no timing.

import { type Clock, systemClock } from '../../shared/clock';

/** What one post carries. */
export interface Batch<T> {
  /** The newest items since the last post (at most maxItems of them). */
  items: T[];
  /** Items pushed in total, including those skipped. */
  received: number;
  /** Items since the last post that did not fit in this one. */
  skipped: number;
}

export interface BatcherOptions {
  /** How long the first item of a batch may wait before it is posted. */
  intervalMs: number;
  /** Most items per post; older ones in the same interval are only counted. */
  maxItems: number;
  clock?: Clock;
}

export class StreamBatcher<T> {
  private pending: T[] = [];
  private skipped = 0;
  private received = 0;
  private timer: unknown = undefined;
  private readonly clock: Clock;

  constructor(
    private readonly post: (batch: Batch<T>) => void,
    private readonly options: BatcherOptions,
  ) {
    this.clock = options.clock ?? systemClock;
  }

  push(item: T): void {
    this.received++;
    this.pending.push(item);
    if (this.pending.length > this.options.maxItems) {
      // Drop the oldest in bulk rather than shifting one at a time.
      const excess = this.pending.length - this.options.maxItems;
      this.pending.splice(0, excess);
      this.skipped += excess;
    }
    if (this.timer === undefined) this.timer = this.clock.setTimeout(() => this.flush(), this.options.intervalMs);
  }

  /** Posts whatever is pending now (also used when the call ends). */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0 && this.skipped === 0) return;
    const batch: Batch<T> = { items: this.pending, received: this.received, skipped: this.skipped };
    this.pending = [];
    this.skipped = 0;
    this.post(batch);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
