// Handlers of grpcipc.demo.v1.Demo. Messages arrive as proto-loader objects with the .proto field
// names (keepCase), 64-bit integers as strings and enums as names.
import * as grpc from '@grpc/grpc-js';
import { encodeStatusDetails, STATUS_DETAILS_TRAILER } from '../call/statusDetails';
import { DEMO_DETAILS } from './details';

/** Receives one line per call event, for a log. */
export type DemoLog = (line: string) => void;

/** The largest Echo padding and Countdown payload the demo agrees to make. */
export const MAX_ECHO_PADDING = 64 * 1024 * 1024;
export const MAX_COUNTDOWN_PAYLOAD = 1024 * 1024;
export const MAX_COUNTDOWN_COUNT = 1_000_000;
const MAX_DELAY_MS = 60_000;
const DEFAULT_INTERVAL_MS = 200;

interface Duration {
  seconds: string;
  nanos: number;
}
interface Timestamp {
  seconds: string;
  nanos: number;
}
/** Requests as proto-loader decodes them with defaults on: .proto names, int64 as strings, enums as names. */
interface EchoRequest {
  message: string;
  sample: object | null;
  fail_with_code: number;
  fail_message: string;
  response_bytes: string;
  delay: Duration | null;
  fail_with_details: boolean;
}
interface CountdownRequest {
  count: number;
  interval: Duration | null;
  payload_size: number;
  fail_with_code: number;
}
interface CollectRequest {
  word: string;
  number: string;
  mood: string;
}
interface ChatMessage {
  text: string;
  mood: string;
}

function now(): Timestamp {
  const ms = Date.now();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

function durationMs(duration: Duration | null | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds) * 1000 + Math.floor(duration.nanos / 1_000_000);
}

function invalid(details: string): Partial<grpc.StatusObject> {
  return { code: grpc.status.INVALID_ARGUMENT, details };
}

/** The status a request asked to fail with, or an INVALID_ARGUMENT when the code is not one. */
function requestedFailure(code: number, message: string): Partial<grpc.StatusObject> {
  if (code < 1 || code > 16) return invalid(`fail_with_code must be a gRPC status code from 1 to 16, not ${code}.`);
  return { code, details: message || `Failing with ${grpc.status[code]} because the request asked for it.` };
}

/** A failure carrying a google.rpc.Status with one detail of every standard type, to show the rich error model. */
function failureWithDetails(code: number, message: string): Partial<grpc.StatusObject> {
  const status = requestedFailure(code || grpc.status.INVALID_ARGUMENT, message || 'The request asked for a failure with error details.');
  if (status.code !== (code || grpc.status.INVALID_ARGUMENT)) return status;
  const metadata = new grpc.Metadata();
  const bytes = encodeStatusDetails({ code: status.code ?? 0, message: status.details ?? '', details: DEMO_DETAILS });
  metadata.set(STATUS_DETAILS_TRAILER, Buffer.from(bytes));
  return { ...status, metadata };
}

type Cancellable = { cancelled: boolean } & NodeJS.EventEmitter;

/** Resolves when `event` fires or the call is cancelled, whichever comes first; true for the event. */
function eventUnlessCancelled(call: Cancellable, start: (done: () => void) => () => void): Promise<boolean> {
  if (call.cancelled) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onCancel = () => {
      stop();
      resolve(false);
    };
    const stop = start(() => {
      call.removeListener('cancelled', onCancel);
      resolve(true);
    });
    call.once('cancelled', onCancel);
  });
}

/** Waits, but gives up early when the call is cancelled. Resolves true when it waited the whole time. */
function waitUnlessCancelled(ms: number, call: Cancellable): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(!call.cancelled);
  return eventUnlessCancelled(call, (done) => {
    const timer = setTimeout(done, ms);
    return () => clearTimeout(timer);
  });
}

/** Waits until the stream can take more, or the call is cancelled. */
function drainUnlessCancelled(call: Cancellable & { once(event: 'drain', fn: () => void): unknown }): Promise<boolean> {
  return eventUnlessCancelled(call, (done) => {
    call.once('drain', done);
    return () => call.removeListener('drain', done);
  });
}

function textMetadata(metadata: grpc.Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata.getMap())) if (typeof value === 'string') out[key] = value;
  return out;
}

/** " from <peer>" when grpc-js knows the peer (tcp); over sockets and pipes it does not. */
function peerOf(call: { getPeer(): string }): string {
  const peer = call.getPeer();
  return peer && peer !== 'unknown' ? ` from ${peer}` : '';
}

/** Builds the handlers, logging each call to `log`. */
export function demoHandlers(log: DemoLog): grpc.UntypedServiceImplementation {
  return {
    async Echo(call: grpc.ServerUnaryCall<EchoRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      const request = call.request;
      log(`Echo${peerOf(call)}`);
      const paddingBytes = Number(request.response_bytes ?? 0);
      if (paddingBytes < 0 || paddingBytes > MAX_ECHO_PADDING)
        return callback(invalid(`response_bytes must be between 0 and ${MAX_ECHO_PADDING}.`));
      const delayMs = durationMs(request.delay);
      if (delayMs < 0 || delayMs > MAX_DELAY_MS) return callback(invalid(`delay must be between 0s and ${MAX_DELAY_MS / 1000}s.`));
      if (!(await waitUnlessCancelled(delayMs, call))) return;
      if (request.fail_with_details) return callback(failureWithDetails(request.fail_with_code, request.fail_message));
      if (request.fail_with_code) return callback(requestedFailure(request.fail_with_code, request.fail_message));
      call.sendMetadata(new grpc.Metadata());
      const trailers = new grpc.Metadata();
      trailers.set('x-demo-padding-bytes', String(paddingBytes));
      callback(
        null,
        {
          message: request.message || 'hello',
          sample: request.sample ?? undefined,
          received_at: now(),
          metadata: textMetadata(call.metadata),
          padding: Buffer.alloc(paddingBytes, 0x61),
        },
        trailers,
      );
    },

    async Countdown(call: grpc.ServerWritableStream<CountdownRequest, unknown>) {
      const request = call.request;
      const count = request.count || 3;
      const intervalMs = request.interval ? durationMs(request.interval) : DEFAULT_INTERVAL_MS;
      const payloadSize = request.payload_size;
      log(`Countdown${peerOf(call)}: ${count} message(s), ${intervalMs} ms apart, ${payloadSize} byte payload`);
      const fail = (status: Partial<grpc.StatusObject>): void => void call.emit('error', status);
      if (count < 0 || count > MAX_COUNTDOWN_COUNT) return fail(invalid(`count must be between 1 and ${MAX_COUNTDOWN_COUNT}.`));
      if (intervalMs < 0 || intervalMs > MAX_DELAY_MS) return fail(invalid(`interval must be between 0s and ${MAX_DELAY_MS / 1000}s.`));
      if (payloadSize < 0 || payloadSize > MAX_COUNTDOWN_PAYLOAD)
        return fail(invalid(`payload_size must be between 0 and ${MAX_COUNTDOWN_PAYLOAD}.`));
      const payload = Buffer.alloc(payloadSize, 0x62);
      for (let index = 1; index <= count; index++) {
        if (call.cancelled) return undefined;
        if (index > 1 && !(await waitUnlessCancelled(intervalMs, call))) return undefined;
        const more = call.write({ remaining: count - index, index, payload, sent_at: now() });
        // Respect flow control, so a fast stream never buffers more than the transport can take.
        if (!more && !(await drainUnlessCancelled(call))) return undefined;
      }
      if (request.fail_with_code) return fail(requestedFailure(request.fail_with_code, ''));
      return void call.end();
    },

    Collect(call: grpc.ServerReadableStream<CollectRequest, unknown>, callback: grpc.sendUnaryData<unknown>) {
      log(`Collect${peerOf(call)}`);
      let count = 0;
      let sum = 0n;
      const words: string[] = [];
      const moods: Record<string, number> = {};
      call.on('data', (message: CollectRequest) => {
        count++;
        sum += BigInt(message.number || 0);
        words.push(message.word || 'item');
        moods[message.mood] = (moods[message.mood] ?? 0) + 1;
      });
      call.on('end', () => callback(null, { count, sum: String(sum), words, moods }));
    },

    Chat(call: grpc.ServerDuplexStream<ChatMessage, unknown>) {
      log(`Chat${peerOf(call)}`);
      let sequence = 0;
      let received = 0;
      const say = (text: string, mood = 'MOOD_HAPPY') => call.write({ text, sender: 'server', sequence: ++sequence, sent_at: now(), mood });
      say('Welcome to the demo chat. Each message gets an answer; end the stream to say goodbye.');
      call.on('data', (message: ChatMessage) => {
        received++;
        say(`You said: ${message.text || 'hello'}`, message.mood === 'MOOD_GRUMPY' ? 'MOOD_CURIOUS' : 'MOOD_HAPPY');
      });
      call.on('end', () => {
        say(`Goodbye after ${received} message(s).`);
        call.end();
      });
    },
  };
}
