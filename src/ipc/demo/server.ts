// The demo gRPC server: grpcipc.demo.v1.Demo plus reflection (v1 and v1alpha) and health,
// on any transport the product supports.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { certificateSha256, generateSelfSignedCertificate } from '../certs';
import { assertReachable, Endpoint, formatTarget, grpcTarget, pipePath } from '../endpoint';
import { IpcError, isIpcError } from '../errors';
import { protosDir } from '../protos';
import { describeProtoFiles, encodeFileDescriptors } from './descriptors';
import { DemoLog, demoHandlers } from './service';
import { prepareSocketPath } from './socketFile';
import { listenOwnerOnly, type UnixListener } from './unixListener';
import { createSecureContext } from 'node:tls';

/** The fully qualified name of the demo service. */
export const DEMO_SERVICE = 'grpcipc.demo.v1.Demo';
/** The demo's .proto files, relative to protos/. */
export const DEMO_PROTO_FILES = ['demo/v1/demo.proto', 'demo/v1/types.proto'];

/** A running demo server. */
export interface DemoServer {
  /** Where it listens, as a target string that parseTarget reads back (the real port for tcp port 0). */
  target: string;
  endpoint: Endpoint;
  /** The server certificate, when serving TLS. */
  certificate?: { pem: string; sha256: string };
  /** Stops serving and removes the socket file. */
  close(): Promise<void>;
}

/** How to start the demo server. */
export interface DemoServerOptions {
  listen: Endpoint;
  tls?: { certFile: string; keyFile: string } | 'self-signed';
  /** Receives one line per call; silent by default. */
  log?: DemoLog;
}

/** Loads the demo service definition, keeping the .proto field names so descriptors match the files. */
export function loadDemoPackage(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(DEMO_PROTO_FILES, {
    includeDirs: [protosDir()],
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
}

/**
 * What reflection serves: protoc-shaped descriptors of the demo and health files, so that strict
 * clients can build a registry from them. ReflectionService reads nothing from a package
 * definition but the `fileDescriptorProtos` of its entries, so one entry carries them all.
 */
export function reflectionPackage(): protoLoader.PackageDefinition {
  const healthRoot = path.resolve(path.dirname(healthProtoPath), '../..');
  const files = [
    ...describeProtoFiles(DEMO_PROTO_FILES, protosDir()),
    ...describeProtoFiles([path.relative(healthRoot, healthProtoPath).split(path.sep).join('/')], healthRoot),
  ];
  const unique = [...new Map(files.map((file) => [file.name, file])).values()];
  return { descriptors: { fileDescriptorProtos: encodeFileDescriptors(unique) } } as unknown as protoLoader.PackageDefinition;
}

async function serverCredentials(tls: DemoServerOptions['tls']): Promise<{ credentials: grpc.ServerCredentials; pem?: string }> {
  if (!tls) return { credentials: grpc.ServerCredentials.createInsecure() };
  let certPem: string;
  let keyPem: string;
  if (tls === 'self-signed') {
    ({ certPem, keyPem } = await generateSelfSignedCertificate());
  } else {
    certPem = readPem(tls.certFile, 'certificate');
    keyPem = readPem(tls.keyFile, 'private key');
    try {
      certificateSha256(certPem);
    } catch (error) {
      throw new IpcError(
        'tls',
        `${tls.certFile} does not hold a PEM certificate (${(error as Error).message}).`,
        'Pass a PEM-encoded certificate with {cert}.',
      );
    }
    try {
      // Checked here, where the files are named; grpc-js would report it only as a failure to listen.
      createSecureContext({ cert: certPem, key: keyPem });
    } catch (error) {
      throw new IpcError(
        'tls',
        `The private key ${tls.keyFile} does not belong to the certificate ${tls.certFile} (${(error as Error).message}).`,
        'Pass the key that was made with that certificate: {cert} and {key} must be a pair.',
      );
    }
  }
  const credentials = grpc.ServerCredentials.createSsl(
    null,
    [{ cert_chain: Buffer.from(certPem), private_key: Buffer.from(keyPem) }],
    false,
  );
  return { credentials, pem: certPem };
}

function readPem(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new IpcError(
      'tls',
      `Cannot read the ${what} file ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`,
      'Check the path and its permissions.',
    );
  }
}

/** The address grpc-js binds for an endpoint; tcp uses host:port, which grpc-js binds without DNS. */
function bindAddress(endpoint: Endpoint): string {
  if (endpoint.kind === 'tcp')
    return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
  return grpcTarget(endpoint);
}

let bindLogQuieted = false;

/**
 * grpc-js logs "No address added out of total N resolved" when a bind fails and then rejects with the
 * same words and the reasons, which bindError turns into our message. The logged copy would reach the
 * CLI's stderr ahead of that message, so that one line is dropped. grpc-js exports no getter for its
 * logger, so the replacement writes the others as its default one does (prefix, then console.error).
 */
function quietBindFailureLog(): void {
  if (bindLogQuieted) return;
  bindLogQuieted = true;
  const write =
    (prefix: string) =>
    (message?: unknown, ...rest: unknown[]) => {
      if (prefix === 'E' && typeof message === 'string' && message.startsWith('No address added out of total')) return;
      console.error(`${prefix} ${String(message)}`, ...rest);
    };
  grpc.setLogger({ error: write('E'), info: write('I'), debug: write('D') });
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  quietBindFailureLog();
  return new Promise((resolve, reject) => server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))));
}

function bindError(endpoint: Endpoint, error: Error): IpcError {
  const text = error.message;
  const where = formatTarget(endpoint);
  if (/EADDRINUSE|address already in use/i.test(text))
    return new IpcError(
      'address-in-use',
      `Another server is already listening on ${where}.`,
      'Stop it, or choose another address with {listen}.',
    );
  if (/EACCES|permission denied/i.test(text))
    return new IpcError(
      'permission-denied',
      `Not allowed to listen on ${where} (${text}).`,
      'Choose a path in a folder you own, or a port above 1024.',
    );
  return new IpcError('bad-target', `Cannot listen on ${where}: ${text}`, 'Check the address and try another one.');
}

/** Starts the demo server and resolves once it is listening. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const log = options.log ?? (() => undefined);
  let endpoint = options.listen;
  assertReachable(endpoint);
  const { credentials, pem } = await serverCredentials(options.tls);
  if (endpoint.kind === 'unix') await prepareSocketPath(endpoint.path);

  const demoPackage = loadDemoPackage();
  const server = new grpc.Server();
  server.addService(demoPackage[DEMO_SERVICE] as grpc.ServiceDefinition, demoHandlers(log));
  new ReflectionService(reflectionPackage()).addToServer(server);
  const health = new HealthImplementation({ '': 'SERVING', [DEMO_SERVICE]: 'SERVING' });
  health.addToServer(server);

  let port = 0;
  let unixListener: UnixListener | undefined;
  try {
    if (endpoint.kind === 'unix') {
      // Our own listener, owner-only from birth and careful on close; grpc-js serves each connection.
      const injector = server.createConnectionInjector(credentials);
      unixListener = await listenOwnerOnly(endpoint.path, (socket) => injector.injectConnection(socket));
    } else port = await bind(server, bindAddress(endpoint), credentials);
  } catch (error) {
    server.forceShutdown();
    throw isIpcError(error) ? error : bindError(endpoint, error as Error);
  }
  if (endpoint.kind === 'tcp') endpoint = { ...endpoint, port };

  log(`listening on ${endpoint.kind === 'pipe' ? pipePath(endpoint.name) : formatTarget(endpoint)}`);

  const listening = endpoint;
  let closed: Promise<void> | undefined;
  return {
    target: formatTarget(listening),
    endpoint: listening,
    certificate: pem ? { pem, sha256: certificateSha256(pem) } : undefined,
    close() {
      closed ??= (async () => {
        health.setStatus('', 'NOT_SERVING');
        health.setStatus(DEMO_SERVICE, 'NOT_SERVING');
        unixListener?.close();
        await shutdown(server);
      })();
      return closed;
    },
  };
}

/** Lets calls in flight finish for a moment, then cuts the rest (open streams would hold it forever). */
async function shutdown(server: grpc.Server): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
