// Pairs replies with requests by id, with a timeout per request, and rejects whatever is still
// pending when the other side goes away.
import { type Clock, systemClock } from './clock';

/** Why a pending request failed without a reply. */
export class RequestFailed extends Error {
  constructor(
    readonly reason: 'timeout' | 'disposed',
    message: string,
  ) {
    super(message);
    this.name = 'RequestFailed';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: unknown;
}

export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Registers a request and returns its id and the promise of its reply. */
  open<R>(name: string, timeoutMs: number): { id: number; reply: Promise<R> } {
    const id = this.nextId++;
    if (this.disposed) return { id, reply: Promise.reject(new RequestFailed('disposed', `${name}: the panel was closed.`)) };
    const reply = new Promise<R>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new RequestFailed('timeout', `${name} got no answer within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    });
    return { id, reply };
  }

  /** Settles a request; returns false for an id that is unknown or already settled. */
  settle(id: number, outcome: { ok: true; value: unknown } | { ok: false; error: unknown }): boolean {
    const entry = this.pending.get(id);
    if (!entry) return false;
    this.pending.delete(id);
    this.clock.clearTimeout(entry.timer);
    if (outcome.ok) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
    return true;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Rejects everything still waiting; later requests fail at once. */
  dispose(): void {
    this.disposed = true;
    for (const [id, entry] of this.pending) {
      this.clock.clearTimeout(entry.timer);
      entry.reject(new RequestFailed('disposed', `Request ${id}: the panel was closed.`));
    }
    this.pending.clear();
  }
}
