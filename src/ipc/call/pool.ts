// Keeps one open channel per connection settings, the way a long-lived client would, so repeated calls
// skip the preflight checks and the connection setup. Owners close the pool when they are done.
import * as grpc from '@grpc/grpc-js';
import { openConnection, type Connection } from '../connection';
import type { ConnectOptions } from '../types';

export class ConnectionPool {
  private readonly connections = new Map<string, Connection>();

  /** The open connection for these settings, if it has not failed since. */
  get(options: ConnectOptions): Connection | undefined {
    const key = keyOf(options);
    const connection = this.connections.get(key);
    if (!connection) return undefined;
    const state = connection.client.getChannel().getConnectivityState(false);
    if (state === grpc.connectivityState.READY) return connection;
    // Anything but a live channel is dropped, so the next call runs the preflight checks and a failure
    // is explained as precisely as on a first call.
    this.connections.delete(key);
    connection.close();
    return undefined;
  }

  open(options: ConnectOptions): Connection {
    const key = keyOf(options);
    this.connections.get(key)?.close();
    const connection = openConnection(options);
    this.connections.set(key, connection);
    return connection;
  }

  /** Drops the connections to one target, e.g. after its server restarted with a new certificate. */
  forget(options: ConnectOptions): void {
    const key = keyOf(options);
    this.connections.get(key)?.close();
    this.connections.delete(key);
  }

  /** How many connections the pool holds. */
  get size(): number {
    return this.connections.size;
  }

  close(): void {
    for (const connection of this.connections.values()) connection.close();
    this.connections.clear();
  }
}

function keyOf(options: ConnectOptions): string {
  return JSON.stringify([options.endpoint, options.tls ?? null, options.maxReceiveBytes ?? null, options.maxSendBytes ?? null]);
}
