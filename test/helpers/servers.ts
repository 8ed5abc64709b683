// Real servers for the core tests: a grpc-js server on the shop fixture with a choice of reflection,
// plus plain sockets that misbehave (HTTP/1, silent, stale). Every helper registers its own cleanup.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { ReflectionV1AlphaImplementation } from '@grpc/reflection/build/src/implementations/reflection-v1alpha';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { generate } from 'selfsigned';

export const FIXTURES = path.resolve(__dirname, '../fixtures/protos');
export const SHOP_PROTO = path.join(FIXTURES, 'shop/v1/shop.proto');

/** A short temp folder (socket paths are limited to 107 bytes), removed after the test. */
export function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface ShopServer {
  /** The grpc-js target the server bound. */
  target: string;
  /** Paths of every RPC the server received, reflection included. */
  received: string[];
}

export interface ShopServerOptions {
  /** grpc-js bind address, e.g. `unix:/tmp/x.sock` or `127.0.0.1:0`. */
  listen: string;
  reflection: 'v1+v1alpha' | 'v1alpha' | 'none';
  tls?: { cert: string; key: string };
  /** Overrides `tls`. */
  credentials?: grpc.ServerCredentials;
}

/** Starts a grpc-js server with the shop service and the requested reflection. */
export async function startShopServer(t: TestContext, options: ShopServerOptions): Promise<ShopServer> {
  const definition = protoLoader.loadSync(SHOP_PROTO, { includeDirs: [FIXTURES], keepCase: true });
  const received: string[] = [];
  const server = new grpc.Server({
    interceptors: [
      (methodDescriptor, call) => {
        received.push(methodDescriptor.path);
        return new grpc.ServerInterceptingCall(call);
      },
    ],
  });
  const shop = definition['shop.v1.Shop'] as grpc.ServiceDefinition;
  const item = { id: '1', name: 'lamp', price: { currency: 'EUR', units: 3 } };
  server.addService(shop, {
    GetItem: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, item),
    ListItems: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write(item);
      call.end();
    },
    Upload: (call: grpc.ServerReadableStream<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      let count = 0;
      call.on('data', () => count++);
      call.on('end', () => callback(null, { count }));
    },
    Chat: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on('data', (message) => call.write(message));
      call.on('end', () => call.end());
    },
    Ping: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
  });
  if (options.reflection === 'v1+v1alpha') new ReflectionService(definition).addToServer(server);
  if (options.reflection === 'v1alpha') new ReflectionV1AlphaImplementation(definition).addToServer(server);

  const credentials =
    options.credentials ??
    (options.tls
      ? grpc.ServerCredentials.createSsl(
          null,
          [{ cert_chain: Buffer.from(options.tls.cert), private_key: Buffer.from(options.tls.key) }],
          false,
        )
      : grpc.ServerCredentials.createInsecure());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, credentials, (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  t.after(() => server.forceShutdown());
  const target = options.listen.startsWith('unix') ? options.listen : options.listen.replace(/:0$/, `:${port}`);
  return { target, received };
}

/** The shop server with reflection on caller-made credentials, e.g. TLS that requires client certificates. */
export async function startShopServerWith(t: TestContext, listen: string, credentials: grpc.ServerCredentials): Promise<ShopServer> {
  return startShopServer(t, { listen, reflection: 'v1+v1alpha', credentials });
}

/** A self-signed certificate for `localhost` and `shop.internal` (the second tests --server-name). */
export async function selfSignedCertificate(): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: 'grpc-ipc-test' }], {
    keyType: 'ec',
    notAfterDate: new Date(Date.now() + 2 * 86400_000),
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 2, value: 'shop.internal' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A plain HTTP/1 server on a socket path. */
export async function startHttp1Server(t: TestContext, socketPath: string): Promise<void> {
  const server = http.createServer((_request, response) => response.end('hello'));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  t.after(() => server.closeAllConnections());
}

/** A server that accepts connections and never writes a byte. */
export async function startSilentServer(t: TestContext, address: string): Promise<{ accepted: () => number }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(address, resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { accepted: () => accepted };
}

/** Leaves a socket file with nobody listening: bind, then close without unlinking. */
export async function makeStaleSocket(socketPath: string): Promise<void> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  // Closing a Node server unlinks its socket file; hard-link it away first so a copy stays behind.
  const keep = `${socketPath}.keep`;
  fs.linkSync(socketPath, keep);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.renameSync(keep, socketPath);
}

/** What a hand-written reflection server saw: each request as `kind:value`. */
export interface DescriptorServer {
  requests: string[];
}

/**
 * A reflection-only server (v1) that answers like protoc-based servers do: file_containing_symbol
 * returns just the defining file, and imports must be fetched one by one with file_by_filename.
 * `files` maps file names to serialized FileDescriptorProtos; `services` is what list_services says.
 */
export async function startDescriptorServer(
  t: TestContext,
  listen: string,
  files: Map<string, { bytes: Uint8Array; symbols: string[] }>,
  services: string[],
): Promise<DescriptorServer> {
  const definition = protoLoader.loadSync(path.resolve(__dirname, '../../protos/grpc/reflection/v1/reflection.proto'), {
    keepCase: true,
    oneofs: true,
  });
  const requests: string[] = [];
  const server = new grpc.Server();
  server.addService(definition['grpc.reflection.v1.ServerReflection'] as grpc.ServiceDefinition, {
    ServerReflectionInfo: (call: grpc.ServerDuplexStream<Record<string, string>, unknown>) => {
      call.on('data', (request: Record<string, string>) => {
        const kind = request.message_request;
        const value = request[kind];
        requests.push(`${kind}:${value}`);
        const found = (match: (name: string, entry: { symbols: string[] }) => boolean) =>
          [...files].filter(([name, entry]) => match(name, entry)).map(([, entry]) => Buffer.from(entry.bytes));
        let protos: Buffer[] = [];
        if (kind === 'list_services') {
          call.write({ list_services_response: { service: services.map((name) => ({ name })) } });
          return;
        }
        if (kind === 'file_by_filename') protos = found((name) => name === value);
        if (kind === 'file_containing_symbol') protos = found((_name, entry) => entry.symbols.includes(value));
        if (protos.length === 0) call.write({ error_response: { error_code: grpc.status.NOT_FOUND, error_message: `${value} not found` } });
        else call.write({ file_descriptor_response: { file_descriptor_proto: protos } });
      });
      call.on('end', () => call.end());
    },
  });
  await new Promise<number>((resolve, reject) =>
    server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
  );
  t.after(() => server.forceShutdown());
  return { requests };
}
