// Keeps one open channel per connection settings, the way a long-lived client would, so repeated calls
// skip the preflight checks and the connection setup. Owners close the pool when they are done.
import * as grpc from '@grpc/grpc-js';
import { openConnection, type Connection } from '../connection';
import type { ConnectOptions } from '../types';

/** A channel lent to one call; release it when the call ends. */
export interface Lease {
  connection: Connection;
  release(): void;
}

interface Entry {
  connection: Connection;
  /** Calls using the channel now. */
  users: number;
}

export class ConnectionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly opening = new Map<string, Promise<Entry>>();

  /** The open connection for these settings, if it has not failed since. */
  get(options: ConnectOptions): Connection | undefined {
    return this.reusable(keyOf(options))?.connection;
  }

  /**
   * Lends the channel for these settings. Calls that start together share one channel: the first runs
   * `prepare` (the preflight checks) and opens it, the others wait for that instead of opening their own,
   * which would close the channel under the calls already on it.
   */
  async acquire(options: ConnectOptions, prepare: () => Promise<void>): Promise<Lease> {
    const key = keyOf(options);
    let entry = this.reusable(key);
    if (!entry) {
      let pending = this.opening.get(key);
      if (!pending) {
        pending = prepare().then(() => this.store(key, openConnection(options)));
        this.opening.set(key, pending);
        const forget = () => this.opening.delete(key);
        pending.then(forget, forget);
      }
      entry = await pending;
    }
    const lent = entry;
    lent.users++;
    let released = false;
    return {
      connection: lent.connection,
      release: () => {
        if (released) return;
        released = true;
        lent.users--;
      },
    };
  }

  /** Opens a new channel for these settings, replacing (and closing) the one kept so far. */
  open(options: ConnectOptions): Connection {
    return this.store(keyOf(options), openConnection(options)).connection;
  }

  /** Drops the connections to one target, e.g. after its server restarted with a new certificate. */
  forget(options: ConnectOptions): void {
    const key = keyOf(options);
    this.entries.get(key)?.connection.close();
    this.entries.delete(key);
  }

  /** How many connections the pool holds. */
  get size(): number {
    return this.entries.size;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.connection.close();
    this.entries.clear();
  }

  /**
   * The kept entry if it may serve another call: a live channel, or one that calls are using now (it may
   * still be connecting). An idle channel that is not live is dropped, so the next call runs the preflight
   * checks and a failure is explained as precisely as on a first call.
   */
  private reusable(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const state = entry.connection.client.getChannel().getConnectivityState(false);
    if (state === grpc.connectivityState.READY) return entry;
    if (entry.users > 0 && state !== grpc.connectivityState.SHUTDOWN && state !== grpc.connectivityState.TRANSIENT_FAILURE) return entry;
    this.entries.delete(key);
    entry.connection.close();
    return undefined;
  }

  private store(key: string, connection: Connection): Entry {
    const previous = this.entries.get(key);
    if (previous && previous.connection !== connection) previous.connection.close();
    const entry: Entry = { connection, users: 0 };
    this.entries.set(key, entry);
    return entry;
  }
}

function keyOf(options: ConnectOptions): string {
  return JSON.stringify([options.endpoint, options.tls ?? null, options.maxReceiveBytes ?? null, options.maxSendBytes ?? null]);
}
