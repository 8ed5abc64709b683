// Groups a stream's messages into a few posts so that a server sending 100k messages does not
// flood the panel with 100k postMessage calls. The clock is injectable so tests need no timing.

/** The timer functions the batcher uses; the global ones by default. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

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

/** Keeps the newest `limit` items and counts the rest. */
export class BoundedHistory<T> {
  private items: T[] = [];
  dropped = 0;

  constructor(readonly limit: number) {}

  add(items: T[]): void {
    this.items.push(...items);
    if (this.items.length > this.limit) {
      const excess = this.items.length - this.limit;
      this.items.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Counts items that were never added (skipped upstream) as dropped. */
  addDropped(count: number): void {
    this.dropped += count;
  }

  get size(): number {
    return this.items.length;
  }

  at(index: number): T | undefined {
    return this.items[index];
  }

  clear(): void {
    this.items = [];
    this.dropped = 0;
  }
}
