// A client for gRPC server reflection: v1 first, v1alpha when the server only has that.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { explainGrpcError, openConnection, preflight, type Connection } from '../connection';
import { clampDeadlineMs } from '../deadline';
import { IpcError, isIpcError } from '../errors';
import { shippedProto } from '../protos';
import type { ConnectOptions } from '../types';

export type ReflectionVersion = 'v1' | 'v1alpha';

/** The request shape of the reflection protocol, with proto field names. */
type ReflectionRequest = { list_services: string } | { file_containing_symbol: string } | { file_by_filename: string };

/** The response shape we read; bytes arrive as Buffers. */
interface ReflectionResponse {
  message_response?: 'file_descriptor_response' | 'list_services_response' | 'error_response' | 'all_extension_numbers_response';
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
  list_services_response?: { service: { name: string }[] };
  error_response?: { error_code: number; error_message: string };
}

interface Codec {
  serialize(value: ReflectionRequest): Buffer;
  deserialize(bytes: Buffer): ReflectionResponse;
}

const codecs = new Map<ReflectionVersion, Codec>();

function codecFor(version: ReflectionVersion): Codec {
  let codec = codecs.get(version);
  if (!codec) {
    const definition = protoLoader.loadSync(shippedProto(`grpc/reflection/${version}/reflection.proto`), {
      keepCase: true,
      oneofs: true,
      defaults: true,
    });
    const method = (definition[`grpc.reflection.${version}.ServerReflection`] as protoLoader.ServiceDefinition).ServerReflectionInfo;
    codec = {
      serialize: (value) => method.requestSerialize(value),
      deserialize: (bytes) => method.responseDeserialize(bytes) as ReflectionResponse,
    };
    codecs.set(version, codec);
  }
  return codec;
}

/** An error answer from the reflection service itself, for example "file not found". */
export class ReflectionAnswerError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** How long a closed reflection stream may take to end before it is cancelled. */
const CLOSE_GRACE_MS = 1000;

/**
 * One reflection stream. Requests are answered in order, so a queue of waiters pairs them up.
 * The stream lives until close() or the deadline.
 */
export class ReflectionSession {
  private readonly call: grpc.ClientDuplexStream<ReflectionRequest, ReflectionResponse>;
  private readonly waiters: { resolve(value: ReflectionResponse): void; reject(error: unknown): void }[] = [];
  private failure: unknown;

  constructor(
    connection: Connection,
    readonly version: ReflectionVersion,
    deadline: Date,
  ) {
    const codec = codecFor(version);
    this.call = connection.client.makeBidiStreamRequest(
      `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      codec.serialize,
      codec.deserialize,
      new grpc.Metadata(),
      { deadline },
    );
    this.call.on('data', (response: ReflectionResponse) => this.waiters.shift()?.resolve(response));
    this.call.on('error', (error) => this.fail(error));
    this.call.on('end', () => this.fail(new IpcError('internal', 'The server closed the reflection stream early.')));
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(this.failure);
  }

  /** Sends one request and waits for its answer; an error_response becomes a ReflectionAnswerError. */
  async ask(request: ReflectionRequest): Promise<ReflectionResponse> {
    if (this.failure) throw this.failure;
    const answer = new Promise<ReflectionResponse>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.call.write(request);
    const response = await answer;
    if (response.error_response) throw new ReflectionAnswerError(response.error_response.error_code, response.error_response.error_message);
    return response;
  }

  async listServices(): Promise<string[]> {
    const response = await this.ask({ list_services: '*' });
    return (response.list_services_response?.service ?? []).map((service) => service.name);
  }

  async fileContainingSymbol(symbol: string): Promise<Buffer[]> {
    const response = await this.ask({ file_containing_symbol: symbol });
    return response.file_descriptor_response?.file_descriptor_proto ?? [];
  }

  async fileByFilename(name: string): Promise<Buffer[]> {
    const response = await this.ask({ file_by_filename: name });
    return response.file_descriptor_response?.file_descriptor_proto ?? [];
  }

  close(): void {
    this.failure ??= new IpcError('internal', 'The reflection stream was closed.');
    // Half-close and let the server end the stream with its status: ASP.NET Core logs a reset stream as
    // an error in the server's own log. A server that does not end it is cancelled after a short grace.
    this.call.end();
    const cancel = setTimeout(() => this.call.cancel(), CLOSE_GRACE_MS);
    cancel.unref();
    this.call.on('status', () => clearTimeout(cancel));
  }
}

/**
 * Opens a reflection session, v1 first and v1alpha when v1 is UNIMPLEMENTED, and hands the
 * session, the listed services and the connection to `use`. Everything is closed afterwards.
 */
export async function withReflection<T>(
  options: ConnectOptions,
  deadlineMs: number,
  use: (session: ReflectionSession, services: string[], connection: Connection) => Promise<T>,
): Promise<T> {
  await preflight(options.endpoint);
  const connection = openConnection(options);
  const deadline = new Date(Date.now() + clampDeadlineMs(deadlineMs, deadlineMs));
  try {
    let unimplemented = 0;
    for (const version of ['v1', 'v1alpha'] as const) {
      const session = new ReflectionSession(connection, version, deadline);
      try {
        const services = await session.listServices();
        return await use(session, services, connection);
      } catch (error) {
        if ((error as grpc.ServiceError).code === grpc.status.UNIMPLEMENTED) {
          unimplemented++;
          continue;
        }
        throw explainReflectionError(error, options, deadlineMs);
      } finally {
        session.close();
      }
    }
    throw new IpcError(
      'reflection-unavailable',
      `The server at ${connection.transport.replace('\0', '@')} does not offer server reflection (neither v1 nor v1alpha${unimplemented ? ' is implemented' : ''}).`,
      'Pass {proto} or {protoset} with the service definitions.',
    );
  } finally {
    connection.close();
  }
}

function explainReflectionError(error: unknown, options: ConnectOptions, deadlineMs: number): IpcError {
  if (isIpcError(error)) return error;
  if (error instanceof ReflectionAnswerError)
    return new IpcError(
      'schema',
      `The server's reflection service answered with an error: ${error.message} (code ${error.code}).`,
      'Pass {proto} or {protoset} with the service definitions.',
    );
  return explainGrpcError(error, options.endpoint, { deadlineMs, maxReceiveBytes: options.maxReceiveBytes, method: 'server reflection' });
}

/** Lists the services a server reports through reflection, and which reflection version answered. */
export async function listServicesByReflection(
  options: ConnectOptions,
  deadlineMs: number,
): Promise<{ version: ReflectionVersion; services: string[] }> {
  return withReflection(options, deadlineMs, async (session, services) => ({ version: session.version, services }));
}
