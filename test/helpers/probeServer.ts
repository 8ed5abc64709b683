// A real grpc-js server for calltest.v1.Probe on any grpc-js target, with optional TLS. Echo returns the
// request bytes untouched so JSON mapping round-trips through the wire; the others follow CountRequest.
import * as grpc from '@grpc/grpc-js';
import { create, fromBinary, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { generate } from 'selfsigned';
import { fixtureRegistry } from './fixtureSchema';

const registry = fixtureRegistry();
const CountRequest = registry.getMessage('calltest.v1.CountRequest')!;
const Item = registry.getMessage('calltest.v1.Item')!;

type Json = Record<string, unknown>;
const codec = (desc: DescMessage) => ({
  serialize: (value: Json) => Buffer.from(toBinary(desc, create(desc, value))),
  deserialize: (bytes: Buffer) => fromBinary(desc, bytes) as unknown as Json,
});
const raw = { serialize: (value: Buffer) => value, deserialize: (value: Buffer) => value };

type Codec = { serialize(value: never): Buffer; deserialize(bytes: Buffer): unknown };

function method(name: string, requestStream: boolean, responseStream: boolean, req: Codec, res: Codec) {
  return {
    path: `/calltest.v1.Probe/${name}`,
    requestStream,
    responseStream,
    requestSerialize: req.serialize,
    requestDeserialize: req.deserialize,
    responseSerialize: res.serialize,
    responseDeserialize: res.deserialize,
    originalName: name,
  };
}

const definition = {
  Echo: method('Echo', false, false, raw, raw),
  Count: method('Count', false, true, codec(CountRequest), codec(Item)),
  Sum: method('Sum', true, false, codec(Item), codec(CountRequest)),
  Chat: method('Chat', true, true, codec(Item), codec(Item)),
} as unknown as grpc.ServiceDefinition;

/** Echoes request metadata whose keys start with x- back as headers, and sets trailers. */
function echoHeaders(call: { metadata: grpc.Metadata; sendMetadata(m: grpc.Metadata): void }): void {
  const headers = new grpc.Metadata();
  for (const [key, values] of Object.entries(call.metadata.toJSON()))
    if (key.startsWith('x-')) for (const value of values) headers.add(key, value);
  call.sendMetadata(headers);
}
function trailers(): grpc.Metadata {
  const metadata = new grpc.Metadata();
  metadata.add('x-trailer', 'done');
  metadata.add('x-trailer-bin', Buffer.from([0, 1, 2, 255]));
  return metadata;
}

let callsStarted = 0;
const counted =
  (handler: (...args: never[]) => unknown) =>
  (...args: never[]) => {
    callsStarted++;
    return handler(...args);
  };

const handlers: grpc.UntypedServiceImplementation = {
  Echo(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) {
    echoHeaders(call);
    callback(null, call.request, trailers());
  },
  Count(call: grpc.ServerWritableStream<Json, Json>) {
    const {
      count = 0,
      size = 0,
      delayMs = 0,
      failCode = 0,
    } = call.request as { count?: number; size?: number; delayMs?: number; failCode?: number };
    if (delayMs < 0) return; // silent: never answers, to test deadlines
    echoHeaders(call);
    setTimeout(() => {
      for (let i = 1; i <= count; i++) call.write({ name: size > 0 ? 'x'.repeat(size) : `item-${i}`, count: i });
      if (failCode) call.emit('error', { code: failCode, details: 'failed on purpose', metadata: trailers() });
      else call.end(trailers());
    }, delayMs);
  },
  Sum(call: grpc.ServerReadableStream<Json, Json>, callback: grpc.sendUnaryData<Json>) {
    let sum = 0;
    let items = 0;
    call.on('data', (item: { count?: number }) => {
      sum += item.count ?? 0;
      items++;
    });
    call.on('end', () => callback(null, { count: sum, size: items }, trailers()));
  },
  Chat(call: grpc.ServerDuplexStream<Json, Json>) {
    echoHeaders(call);
    call.on('data', (item: { name?: string; count?: number }) =>
      call.write({ name: `echo:${item.name ?? ''}`, count: (item.count ?? 0) * 2 }),
    );
    call.on('end', () => call.end(trailers()));
  },
};

export interface ProbeServer {
  /** The port grpc-js bound, for TCP targets with port 0. */
  port: number;
  /** Calls that reached a handler, across all Probe servers in this process. */
  callsStarted(): number;
  certificatePem?: string;
  close(): Promise<void>;
}

/** Starts the server on a grpc-js bind target such as `unix:/tmp/x.sock` or `127.0.0.1:0`. */
export async function startProbeServer(bindTarget: string, options: { tls?: boolean; maxSendBytes?: number } = {}): Promise<ProbeServer> {
  const server = new grpc.Server(options.maxSendBytes ? { 'grpc.max_send_message_length': options.maxSendBytes } : {});
  server.addService(
    definition,
    Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, counted(handler)])) as grpc.UntypedServiceImplementation,
  );
  let credentials = grpc.ServerCredentials.createInsecure();
  let certificatePem: string | undefined;
  if (options.tls) {
    const pems = await generate([{ name: 'commonName', value: 'probe.local' }], {
      keySize: 2048,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'probe.local' }] }],
    } as never);
    certificatePem = pems.cert;
    credentials = grpc.ServerCredentials.createSsl(null, [{ private_key: Buffer.from(pems.private), cert_chain: Buffer.from(pems.cert) }]);
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(bindTarget, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    port,
    callsStarted: () => callsStarted,
    certificatePem,
    close: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
