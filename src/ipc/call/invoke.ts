// The call engine: one function for all four call kinds. Requests are encoded (and so validated) before
// the call starts; a status the server sent is a CallResult, a failure to reach a gRPC server an IpcError.
import * as grpc from '@grpc/grpc-js';
import { formatTarget, grpcTarget } from '../endpoint';
import { clampDeadlineMs } from '../deadline';
import { IpcError, isIpcError } from '../errors';
import { decodeResponse, encodeRequest, type SchemaTypes } from '../json/codec';
import { callKind, type CallResult, type ConnectOptions, type MetadataEntry, type MethodInfo } from '../types';
import { explainGrpcError, openConnection, preflight, type Connection, type ExplainContext } from '../connection';
import { metadataToRecord, toGrpcMetadata } from './metadata';
import type { ConnectionPool, Lease } from './pool';
import { statusDetailsFromTrailers } from './statusDetails';

/** How often a call refused with EAGAIN (a full connection queue) is tried in all. */
const BUSY_ATTEMPTS = 8;

/** The deadline used where a caller has none; every call gets one, since grpc-js would otherwise wait forever. */
export const DEFAULT_DEADLINE_MS = 10_000;

/** Everything one call needs. */
export interface CallRequest {
  connect: ConnectOptions;
  schema: SchemaTypes;
  method: MethodInfo;
  /** Request messages as JSON. Unary and server-streaming take at most one (none means `{}`). */
  requests: unknown[];
  metadata?: MetadataEntry[];
  /** Milliseconds from the start of the call; DEFAULT_DEADLINE_MS when not a positive number. */
  deadlineMs: number;
  /** How many responses CallResult keeps (the first ones); default all. onMessage still sees every one. */
  retainResponses?: number;
  /** Print default values in responses too (see DecodeOptions). */
  emitDefaults?: boolean;
  /**
   * Client-streaming and bidi: keep the request stream open after `requests` so that more can be sent with
   * write() until end(). Without it the stream ends after `requests`, as grpcurl does with -d.
   */
  keepOpen?: boolean;
  /** Reuse this pool's channel for the target instead of opening and closing one for this call. */
  pool?: ConnectionPool;
}

/** Progress of a call as it happens. */
export interface CallListener {
  onHeaders?(headers: Record<string, string[]>): void;
  onMessage?(json: unknown, index: number): void;
}

/** A running call. */
export interface CallHandle {
  /** Client-streaming/bidi: one more request message; throws RequestJsonError for bad JSON. */
  write(json: unknown): void;
  /** Ends the request stream. */
  end(): void;
  cancel(): void;
  /**
   * Stops taking response messages until resume(), e.g. while the consumer's output buffer is full. grpc-js
   * then stops reading the stream, HTTP/2 flow control stops the server, and memory stays bounded.
   */
  pause(): void;
  resume(): void;
  result: Promise<CallResult>;
}

type AnyCall =
  | grpc.ClientUnaryCall
  | grpc.ClientReadableStream<unknown>
  | grpc.ClientWritableStream<Uint8Array>
  | grpc.ClientDuplexStream<Uint8Array, unknown>;

export function startCall(request: CallRequest, listener: CallListener = {}): CallHandle {
  const { method, schema } = request;
  const kind = callKind(method);
  const streamsRequests = kind === 'client-streaming' || kind === 'bidi';
  const encode = (json: unknown) => encodeRequest(schema, method.requestType, json);
  const state = {
    pending: [] as Uint8Array[],
    ended: false,
    cancelled: false,
    finished: false,
    paused: false,
    call: undefined as AnyCall | undefined,
    cancelBeforeStart: undefined as (() => void) | undefined,
  };

  let initial: Uint8Array[];
  let metadata: grpc.Metadata;
  try {
    metadata = toGrpcMetadata(request.metadata);
    if (!streamsRequests && request.requests.length > 1)
      throw new IpcError(
        'usage',
        `${method.fullName} is a ${kind} method and takes one request message; got ${request.requests.length}.`,
        'Send one JSON object.',
      );
    initial = (streamsRequests ? request.requests : [request.requests[0] ?? {}]).map(encode);
  } catch (error) {
    const nothing = () => undefined;
    return { write: nothing, end: nothing, cancel: nothing, pause: nothing, resume: nothing, result: Promise.reject(error) };
  }
  state.pending.push(...initial);
  let largestSentBytes = initial.reduce((largest, bytes) => Math.max(largest, bytes.byteLength), 0);
  const largestSent = () => largestSentBytes;
  if (!streamsRequests || !request.keepOpen) state.ended = true;

  const handle: CallHandle = {
    write(json) {
      if (!streamsRequests) throw new IpcError('usage', `${method.fullName} is a ${kind} method; it takes no further request messages.`);
      if (state.ended || state.finished)
        throw new IpcError(
          'usage',
          'The request stream has already ended.',
          'Pass keepOpen to send messages one by one, and call end() after the last.',
        );
      const bytes = encode(json);
      largestSentBytes = Math.max(largestSentBytes, bytes.byteLength);
      const call = state.call as grpc.ClientWritableStream<Uint8Array> | undefined;
      if (call) call.write(bytes);
      else state.pending.push(bytes);
    },
    end() {
      if (state.ended) return;
      state.ended = true;
      (state.call as grpc.ClientWritableStream<Uint8Array> | undefined)?.end();
    },
    pause() {
      state.paused = true;
      readable(state.call)?.pause();
    },
    resume() {
      state.paused = false;
      readable(state.call)?.resume();
    },
    cancel() {
      state.cancelled = true;
      state.call?.cancel();
      state.cancelBeforeStart?.();
    },
    result: run(),
  };
  return handle;

  async function run(): Promise<CallResult> {
    const startedAt = performance.now();
    // A Unix socket with a full connection queue refuses at once (EAGAIN) before anything was sent, so
    // the call is tried again a few times, unless messages written one by one may already be lost.
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptCall(startedAt);
      } catch (error) {
        const retry = isIpcError(error) && error.code === 'server-busy' && attempt < BUSY_ATTEMPTS && !state.cancelled && !request.keepOpen;
        if (!retry) throw error;
        state.pending = [...initial];
        state.finished = false;
        await new Promise((resolve) => setTimeout(resolve, attempt * (50 + Math.random() * 100)));
      }
    }
  }

  async function attemptCall(startedAt: number): Promise<CallResult> {
    const cancelledEarly = new Promise<'cancelled'>((resolve) => (state.cancelBeforeStart = () => resolve('cancelled')));
    const { pool } = request;
    const { endpoint } = request.connect;
    const acquiring: Promise<Lease> = pool
      ? pool.acquire(request.connect, () => preflight(endpoint))
      : preflight(endpoint).then(() => {
          const connection = openConnection(request.connect);
          return { connection, release: () => connection.close() };
        });
    const lease = await Promise.race([acquiring, cancelledEarly]);
    state.cancelBeforeStart = undefined;
    if (lease === 'cancelled' || state.cancelled) {
      if (lease === 'cancelled')
        acquiring.then(
          (late) => late.release(),
          () => undefined,
        );
      else lease.release();
      return cancelledResult(startedAt, request);
    }
    try {
      return await perform(lease.connection, startedAt, metadata);
    } finally {
      lease.release();
    }
  }

  function perform(connection: Connection, startedAt: number, metadata: grpc.Metadata): Promise<CallResult> {
    const { client } = connection;
    const deadlineMs = clampDeadlineMs(request.deadlineMs, DEFAULT_DEADLINE_MS);
    const deadline = new Date(Date.now() + deadlineMs);
    const options: grpc.CallOptions = { deadline };
    const serialize = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const deserialize = (buffer: Buffer) => decodeResponse(schema, method.responseType, buffer, { emitDefaults: request.emitDefaults });
    const since = () => performance.now() - startedAt;
    const retain = request.retainResponses ?? Infinity;
    const responses: unknown[] = [];
    let count = 0;
    let connectMs: number | undefined;
    let firstByteMs: number | undefined;
    let headers: Record<string, string[]> = {};
    let receivedHeaders = false;

    watchUntilReady(client.getChannel(), deadline, () => (connectMs = since()));

    return new Promise<CallResult>((resolve, reject) => {
      let status: grpc.StatusObject | undefined;
      let readableEnded = !(kind === 'server-streaming' || kind === 'bidi');
      const onMessage = (json: unknown) => {
        firstByteMs ??= since();
        if (responses.length < retain) responses.push(json);
        listener.onMessage?.(json, count++);
      };
      const finish = () => {
        if (!status || !readableEnded || state.finished) return;
        state.finished = true;
        const reachedServer = connectMs !== undefined || receivedHeaders;
        const local = status.code === grpc.status.UNAVAILABLE || status.code === grpc.status.DEADLINE_EXCEEDED;
        if (local && !reachedServer)
          return reject(
            explainGrpcError(serviceError(status), request.connect.endpoint, explainContext(request, deadlineMs, largestSent())),
          );
        const trailers = metadataToRecord(status.metadata);
        const statusDetails = status.code === grpc.status.OK ? undefined : statusDetailsFromTrailers(trailers, schema.registry);
        resolve({
          code: status.code,
          codeName: grpc.status[status.code] ?? String(status.code),
          ...statusMessage(status, request, deadlineMs, largestSent(), state.cancelled),
          ...(statusDetails ? { statusDetails } : {}),
          headers,
          trailers,
          responses,
          timing: { connectMs, firstByteMs, totalMs: since() },
          transport: connection.transport,
          peerCertificate: connection.peerCertificate(),
        });
      };
      const unaryCallback = (_error: grpc.ServiceError | null, value?: unknown) => {
        if (value !== undefined) onMessage(value);
      };

      let call: AnyCall;
      const bytes = state.pending[0];
      switch (kind) {
        case 'unary':
          call = client.makeUnaryRequest(method.path, serialize, deserialize, bytes, metadata, options, unaryCallback);
          break;
        case 'server-streaming':
          call = client.makeServerStreamRequest(method.path, serialize, deserialize, bytes, metadata, options);
          break;
        case 'client-streaming':
          call = client.makeClientStreamRequest(method.path, serialize, deserialize, metadata, options, unaryCallback);
          break;
        case 'bidi':
          call = client.makeBidiStreamRequest(method.path, serialize, deserialize, metadata, options);
          break;
      }
      state.call = call;
      call.on('metadata', (received: grpc.Metadata) => {
        receivedHeaders = true;
        firstByteMs ??= since();
        headers = metadataToRecord(received);
        listener.onHeaders?.(headers);
      });
      call.on('status', (received: grpc.StatusObject) => {
        status = received;
        finish();
      });
      if ('read' in call) {
        // Readable kinds: every message is handed out before 'end', which follows the status.
        call.on('data', onMessage);
        call.on('error', () => undefined); // the status event carries the same facts
        call.on('end', () => {
          readableEnded = true;
          finish();
        });
      }
      if (streamsRequests) {
        const writable = call as grpc.ClientWritableStream<Uint8Array>;
        for (const message of state.pending) writable.write(message);
        if (state.ended) writable.end();
      }
      state.pending = [];
      if (state.paused) readable(call)?.pause();
      if (state.cancelled) call.cancel();
    });
  }
}

/** The response stream of a call that has one. */
function readable(call: AnyCall | undefined): grpc.ClientReadableStream<unknown> | undefined {
  return call && 'read' in call ? (call as grpc.ClientReadableStream<unknown>) : undefined;
}

/** Calls onReady once the channel is READY; stops quietly when it shuts down or the deadline passes. */
function watchUntilReady(channel: ReturnType<grpc.Client['getChannel']>, deadline: Date, onReady: () => void): void {
  const step = (state: grpc.connectivityState) => {
    if (state === grpc.connectivityState.READY) return onReady();
    if (state === grpc.connectivityState.SHUTDOWN) return;
    channel.watchConnectivityState(state, deadline, (error) => {
      if (!error) step(channel.getConnectivityState(false));
    });
  };
  step(channel.getConnectivityState(true));
}

/**
 * The status text, explained when grpc-js itself ended the call for a limit the user can change. The
 * hint stays apart, as `{knob}` tokens, so each surface names its own control (a flag, a field).
 */
function statusMessage(
  status: grpc.StatusObject,
  request: CallRequest,
  deadlineMs: number,
  largestSentBytes: number,
  cancelledHere: boolean,
): { message: string; hint?: string } {
  // A connection that drops under an open call reaches grpc-js as CANCELLED (which would read as if the
  // user had cancelled) or as UNAVAILABLE with a bare errno such as "read ECONNRESET": say what happened.
  // A server may send UNAVAILABLE itself, with its own words; only grpc-js's socket errors are rewritten.
  const socketError =
    status.code === grpc.status.UNAVAILABLE &&
    /^(?:(?:read|write) E(?:CONNRESET|PIPE|CONNABORTED)|Connection dropped)$/.test(status.details);
  const dropped = (status.code === grpc.status.CANCELLED && !cancelledHere) || socketError;
  if (dropped)
    return {
      message: `The connection to ${formatTarget(request.connect.endpoint)} dropped while the call was open (the server stopped, restarted or closed it${
        status.code === grpc.status.UNAVAILABLE ? `: ${status.details}` : ''
      }); it was not cancelled here.`,
      hint: 'Call again once the server is back.',
    };
  if (status.code === grpc.status.DEADLINE_EXCEEDED || status.code === grpc.status.RESOURCE_EXHAUSTED) {
    const explained = explainGrpcError(
      serviceError(status),
      request.connect.endpoint,
      explainContext(request, deadlineMs, largestSentBytes),
    );
    if (explained.code === 'deadline' || explained.code === 'message-too-large')
      return { message: explained.message, ...(explained.hint ? { hint: explained.hint } : {}) };
  }
  return { message: status.details };
}

function explainContext(request: CallRequest, deadlineMs: number, largestSentBytes?: number): ExplainContext {
  return { deadlineMs, maxReceiveBytes: request.connect.maxReceiveBytes, method: request.method.fullName, largestSentBytes };
}

function serviceError(status: grpc.StatusObject): grpc.ServiceError {
  return Object.assign(new Error(`${status.code} ${grpc.status[status.code]}: ${status.details}`), status);
}

function cancelledResult(startedAt: number, request: CallRequest): CallResult {
  return {
    code: grpc.status.CANCELLED,
    codeName: 'CANCELLED',
    message: 'Cancelled before the call started.',
    headers: {},
    trailers: {},
    responses: [],
    timing: { totalMs: performance.now() - startedAt },
    transport: grpcTarget(request.connect.endpoint),
  };
}
