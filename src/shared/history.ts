// The bounded stream history the panel keeps: the webview shows it, the host never holds it.

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
