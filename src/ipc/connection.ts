// Opening a gRPC channel on any transport, checking a socket before using it, and turning grpc-js
// failures into errors a person can act on.
import * as grpc from '@grpc/grpc-js';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import { assertReachable, formatTarget, grpcTarget, type Endpoint } from './endpoint';
import { IpcError, isIpcError } from './errors';
import { escapeControls } from './text';
import { createTlsSetup, PIN_MISMATCH_TAG, UNVERIFIED_TAG } from './tls';
import type { ConnectOptions, PeerCertificate } from './types';

/** An open channel to one endpoint. */
export interface Connection {
  client: grpc.Client;
  /** The target string handed to grpc-js. */
  transport: string;
  /** The server certificate of the latest TLS handshake; undefined without TLS or before connecting. */
  peerCertificate(): PeerCertificate | undefined;
  close(): void;
}

/**
 * The HTTP/2 window the client offers, per stream and per connection. At HTTP/2's default of 64 KiB a
 * server streaming to us waits for a window update every 60-odd 1 KiB messages, and on one machine that
 * round trip, not the decoding, was what held a stream back (about 1.5 times faster measured with this).
 * A paused reader lets at most this much wait in memory.
 */
export const FLOW_CONTROL_WINDOW = 1 << 20;

/** Opens a channel; TLS verification and the pin are enforced during the handshake. Connects lazily. */
export function openConnection(options: ConnectOptions): Connection {
  assertReachable(options.endpoint);
  const transport = grpcTarget(options.endpoint);
  const channelOptions: grpc.ChannelOptions = {
    // A private pool, so closing this connection really closes its sockets and no other client shares them.
    'grpc.use_local_subchannel_pool': 1,
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
  };
  if (options.maxReceiveBytes !== undefined) channelOptions['grpc.max_receive_message_length'] = options.maxReceiveBytes;
  if (options.maxSendBytes !== undefined) channelOptions['grpc.max_send_message_length'] = options.maxSendBytes;
  let credentials = grpc.credentials.createInsecure();
  let peerCertificate: () => PeerCertificate | undefined = () => undefined;
  if (options.tls) {
    const setup = createTlsSetup(options.tls);
    credentials = setup.credentials;
    peerCertificate = setup.peerCertificate;
    Object.assign(channelOptions, setup.channelOptions);
  }
  const client = new grpc.Client(transport, credentials, channelOptions);
  // grpc-js unrefs its timers, so a call waiting on a failing connection can let Node exit with the
  // call unanswered. An open connection therefore holds the event loop until it is closed.
  const hold = setInterval(() => undefined, 2 ** 31 - 1);
  return {
    client,
    transport,
    peerCertificate,
    close: () => {
      clearInterval(hold);
      client.close();
    },
  };
}

/**
 * Checks that an endpoint can be reached before any gRPC traffic, so the common local mistakes get
 * a precise message: a missing socket, a regular file, no permission, or a stale socket file.
 */
export async function preflight(endpoint: Endpoint): Promise<void> {
  assertReachable(endpoint);
  if (endpoint.kind === 'unix') {
    let stat;
    try {
      stat = await fs.stat(endpoint.path);
    } catch (error) {
      throw socketError(endpoint, error) ?? error;
    }
    if (!stat.isSocket())
      throw new IpcError(
        'not-a-socket',
        `${endpoint.path} exists but is not a socket (${fileKind(stat)}).`,
        'Check the path; the server may write its socket elsewhere.',
      );
    await probe(endpoint, endpoint.path);
  } else if (endpoint.kind === 'abstract') {
    await probe(endpoint, `\0${endpoint.name}`);
  }
  // Pipes are not probed: opening one takes a server instance. TCP failures are explained after the call.
}

/** A plain connect and close, which tells "nobody listens" apart from everything gRPC might say. */
function probe(endpoint: Endpoint, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(socketError(endpoint, error) ?? error);
    });
  });
}

function fileKind(stat: import('node:fs').Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a regular file';
  if (stat.isFIFO()) return 'a FIFO';
  return 'not a socket';
}

/** Maps an errno from the socket layer to an IpcError, or undefined when it is not one we know. */
function socketError(endpoint: Endpoint, error: unknown): IpcError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? errnoIn(String((error as Error)?.message ?? error));
  const where = describeEndpoint(endpoint);
  switch (code) {
    case 'ENOENT':
      return endpoint.kind === 'pipe'
        ? new IpcError(
            'socket-missing',
            `The named pipe ${where.replace(/^pipe /, '')} does not exist.`,
            'Start the server, or check the pipe name.',
          )
        : new IpcError('socket-missing', `${capitalize(where)} does not exist.`, 'Start the server, or check the path.');
    case 'EACCES':
    case 'EPERM':
      return new IpcError(
        'permission-denied',
        `Permission denied opening ${where}.`,
        'The socket or a folder above it does not let this user in; ask its owner, or run as a user in its group.',
      );
    case 'ECONNREFUSED':
      if (endpoint.kind === 'unix')
        return new IpcError(
          'socket-stale',
          `${capitalize(where)} exists but nothing is listening (stale).`,
          'Remove it or restart the server.',
        );
      if (endpoint.kind === 'abstract')
        return new IpcError(
          'socket-missing',
          `Nothing listens on the abstract socket @${escapeControls(endpoint.name)}.`,
          'Start the server, or check the name.',
        );
      return new IpcError(
        'socket-missing',
        `Nothing listens on ${where} (connection refused).`,
        'Start the server, or check the host and port.',
      );
    case 'ENOTSOCK':
      return new IpcError('not-a-socket', `${capitalize(where)} is not a socket.`, 'Check the path.');
    case 'EAGAIN':
      // A Unix socket whose queue of connections not yet accepted is full refuses new ones at once.
      return new IpcError(
        'server-busy',
        `${capitalize(where)} is not accepting connections: its queue of pending connections is full.`,
        'The server is overloaded or stuck. Try again, or open fewer connections at once.',
      );
    case 'ELOOP':
      return new IpcError(
        'not-a-socket',
        `${capitalize(where)} is a loop of symbolic links.`,
        'Point at the socket itself; one of the links in its path points back to itself.',
      );
    default:
      return undefined;
  }
}

function errnoIn(text: string): string | undefined {
  return /\b(ENOENT|EACCES|EPERM|ECONNREFUSED|ENOTSOCK|EAGAIN|ELOOP)\b/.exec(text)?.[1];
}

function describeEndpoint(endpoint: Endpoint): string {
  return escapeControls(describeEndpointRaw(endpoint));
}

function describeEndpointRaw(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `socket ${endpoint.path}`;
    case 'abstract':
      return `abstract socket @${endpoint.name}`;
    case 'pipe':
      return `pipe \\\\.\\pipe\\${endpoint.name}`;
    case 'tcp':
      return formatTarget(endpoint);
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Options that change what explainGrpcError can say. */
export interface ExplainContext {
  deadlineMs?: number;
  maxReceiveBytes?: number;
  method?: string;
  /** The size of the largest request message sent, to tell the server's receive limit from ours. */
  largestSentBytes?: number;
}

/** Turns a grpc-js error (or anything thrown while calling) into an IpcError; never shows a bare errno. */
export function explainGrpcError(error: unknown, endpoint: Endpoint, context: ExplainContext = {}): IpcError {
  if (isIpcError(error)) return error;
  const status = error as Partial<grpc.ServiceError> | undefined;
  const code = typeof status?.code === 'number' ? status.code : undefined;
  const details = String(status?.details ?? (error as Error)?.message ?? error);
  const where = describeEndpoint(endpoint);

  const pin = new RegExp(`${PIN_MISMATCH_TAG}: (expected sha256:[0-9a-f]+), the server presented (sha256:[0-9a-f]+)`).exec(details);
  if (pin)
    return new IpcError(
      'pin-mismatch',
      `The server certificate does not match the pin: ${pin[1]}, got ${pin[2]}. No request was sent.`,
      'If the server certificate changed on purpose, update the pin; otherwise something else is listening there.',
    );
  const unverified = new RegExp(`${UNVERIFIED_TAG}: (.+?)(?: \\[sha256:([0-9a-f]+)\\])?(?:\\. Resolution note|$)`).exec(details);
  if (unverified) {
    const [, reason, fingerprint] = unverified;
    return new IpcError(
      'tls',
      `The server certificate did not verify: ${reason}.${fingerprint ? ` Its fingerprint is sha256:${fingerprint}.` : ''}`,
      `Pass {ca} with the CA that signed it, or {serverName} if it names another host${
        fingerprint ? `; to trust this one certificate alone, use {insecure} with {pin} sha256:${fingerprint}` : ''
      }.`,
    );
  }

  if (code === grpc.status.DEADLINE_EXCEEDED)
    return new IpcError(
      'deadline',
      `No answer from ${where} within the deadline${context.deadlineMs !== undefined ? ` of ${formatMs(context.deadlineMs)}` : ''}.`,
      'The server accepted the connection but did not answer in time; it may be busy, stuck or not a gRPC server. Raise {deadline} to wait longer.',
    );
  if (code === grpc.status.UNIMPLEMENTED)
    return new IpcError(
      'unknown-method',
      `The server does not implement ${context.method ?? 'this method'}.`,
      'Run describe to see the services it has.',
    );
  if (code === grpc.status.RESOURCE_EXHAUSTED && /larger than max/i.test(details)) {
    const sizes = /\((\d+) vs\.? (\d+)\)/.exec(details);
    if (sizes && /Received message/i.test(details) && context.largestSentBytes === Number(sizes[1]))
      return new IpcError(
        'message-too-large',
        `The server refused the request: it was ${sizes[1]} bytes, over the server's receive limit of ${sizes[2]} bytes.`,
        "Send a smaller message, or raise the server's own receive limit; no client-side setting changes it.",
      );
    const limit = sizes ? Number(sizes[2]) : context.maxReceiveBytes;
    return new IpcError(
      'message-too-large',
      `A message was larger than the limit${limit !== undefined ? ` of ${limit} bytes` : ''}${sizes ? ` (it was ${sizes[1]} bytes)` : ''}.`,
      'Raise the limit with {maxReceiveBytes} / {maxSendBytes} (grpc-js receives at most 4 MiB by default).',
    );
  }
  if (code === grpc.status.UNAVAILABLE || code === undefined) {
    if (/Protocol error|HTTP\/1|PROTOCOL_ERROR|Received HTTP status code|ERR_HTTP2_ERROR|ERR_HTTP2_SESSION_ERROR/i.test(details))
      return new IpcError(
        'not-grpc',
        `Something listens on ${where} but it does not speak gRPC (HTTP/2).`,
        'Check that this is the gRPC endpoint; a plain HTTP/1 or other protocol server is listening there.',
      );
    if (/wrong version number|WRONG_VERSION_NUMBER|packet length too long|unknown protocol/i.test(details))
      return new IpcError(
        'tls',
        `The TLS handshake with ${where} failed: the server does not speak TLS there.`,
        'Turn off {tls}, or point at the TLS endpoint.',
      );
    const alert = /alert ([a-z0-9 ]+?)(?::|$)/i.exec(details)?.[1]?.replace(/^tlsv1\d? /, '');
    if (alert) {
      const needsClientCert = /certificate required|bad certificate|unknown ca|certificate unknown/i.test(alert);
      return new IpcError(
        'tls',
        `The server ended the TLS handshake with the alert "${alert}".`,
        needsClientCert
          ? 'The server wants a client certificate it trusts: set {cert} and {key}.'
          : 'Check {ca}, {cert}/{key} and {serverName}.',
      );
    }
    if (/ssl|tls|certificate|handshake/i.test(details) && !/ECONNREFUSED|ENOENT/.test(details))
      return new IpcError(
        'tls',
        `The TLS handshake with ${where} failed: ${lastError(details)}.`,
        'Check {ca}, {cert}/{key} and {serverName}.',
      );
    if (endpoint.kind === 'tcp' && /Name resolution failed|ENOTFOUND|EAI_AGAIN/.test(details))
      return new IpcError(
        'socket-missing',
        `The host ${endpoint.host} could not be resolved.`,
        'Check the host name, or use an IP address, a unix: socket path or a named pipe.',
      );
    const socket = socketError(endpoint, details);
    if (socket) return socket;
    if (/ECONNRESET|EPIPE|socket hang up|Connection dropped|closed|Failed to connect/i.test(details))
      return new IpcError(
        'not-grpc',
        `${capitalize(where)} closed the connection before the gRPC (HTTP/2) handshake finished.`,
        'If the server uses TLS, use {tls} (with {ca} or {insecure}); otherwise check that it speaks gRPC there.',
      );
  }
  const name = code !== undefined ? (grpc.status[code] ?? String(code)) : 'error';
  return new IpcError('internal', `The call failed with ${name}: ${lastError(details)}.`, 'See the server log for the reason.');
}

/** The interesting part of grpc-js's "No connection established. Last error: …" text. */
function lastError(text: string): string {
  return firstLine(text.replace(/^.*Last error: (Error: )?/, '').replace(/\. Resolution note:.*$/, ''));
}

function firstLine(text: string): string {
  return text.split('\n')[0].replace(/\.$/, '');
}

/** `1500` → `1.5 s`, `250` → `250 ms`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms % 60000 === 0) return `${ms / 60000} min`;
  return `${ms / 1000} s`;
}
