// Asks a listener whether it speaks gRPC, within one short deadline: the HTTP/2 handshake and a health
// check over node:http2 (no grpc-js needed), then reflection through the shared reflection client.
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { pipePath, type Endpoint } from '../endpoint';
import { clampDeadlineMs } from '../deadline';

/** What a probe learned; null from probeEndpoint means "not gRPC, or no answer in time". */
export interface GrpcFacts {
  reflection: 'v1' | 'v1alpha' | null;
  services: string[];
  health: 'SERVING' | 'NOT_SERVING' | 'UNIMPLEMENTED' | 'UNKNOWN';
}

/** Reflection as the probe needs it; loaded lazily so that listing alone never loads grpc-js. */
export type ListServices = (endpoint: Endpoint, deadlineMs: number) => Promise<{ version: 'v1' | 'v1alpha'; services: string[] }>;

let listServicesLoader: Promise<ListServices> | undefined;

/** Starts loading the reflection client (and grpc-js) once; call early to overlap it with the scan. */
export function loadReflection(): Promise<ListServices> {
  listServicesLoader ??= import('../reflection/client').then(
    (module) => (endpoint: Endpoint, deadlineMs: number) => module.listServicesByReflection({ endpoint }, deadlineMs),
  );
  return listServicesLoader;
}

/** Opens a stream socket to the endpoint the way this runtime can. */
function connectSocket(endpoint: Endpoint): net.Socket {
  switch (endpoint.kind) {
    case 'unix':
      return net.connect(endpoint.path);
    case 'abstract':
      return net.connect('\0' + endpoint.name);
    case 'pipe':
      return net.connect(pipePath(endpoint.name));
    case 'tcp':
      return net.connect(endpoint.port, endpoint.host);
  }
}

/**
 * Probes one endpoint. Never throws and never outlives the deadline: a silent, slow or HTTP/1 listener
 * yields null, a gRPC server yields its health and, when it offers reflection, its services.
 */
export async function probeEndpoint(endpoint: Endpoint, requestedMs: number): Promise<GrpcFacts | null> {
  const deadlineMs = clampDeadlineMs(requestedMs, requestedMs);
  // Loading grpc-js happens once per run and is not the endpoint's fault, so the clock starts after it.
  const listServices = await loadReflection().catch(() => null);
  const started = Date.now();
  const session = await openHttp2(endpoint, deadlineMs);
  if (!session) return null;
  try {
    const left = () => Math.max(1, deadlineMs - (Date.now() - started));
    const reflection = listServices ? listServices(endpoint, left()).catch(() => null) : Promise.resolve(null);
    const health = await checkHealth(session, left());
    if (health === 'not-grpc') return null;
    const listed = await reflection;
    return { reflection: listed?.version ?? null, services: listed?.services ?? [], health };
  } finally {
    session.destroy();
  }
}

/** Resolves with a session once the server's SETTINGS frame arrived, or null on any failure or timeout. */
function openHttp2(endpoint: Endpoint, deadlineMs: number): Promise<http2.ClientHttp2Session | null> {
  return new Promise((resolve) => {
    // Events arrive asynchronously, so the handlers below are in place before any can fire.
    const session = http2.connect('http://localhost', { createConnection: () => connectSocket(endpoint) });
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!ok) session.destroy();
      resolve(ok ? session : null);
    };
    const timer = setTimeout(() => finish(false), deadlineMs);
    session.once('remoteSettings', () => finish(true));
    session.on('error', () => finish(false));
    session.once('close', () => finish(false));
  });
}

/** grpc.health.v1.HealthCheckResponse.ServingStatus numbers. */
const SERVING_STATUS: Record<number, GrpcFacts['health']> = { 1: 'SERVING', 2: 'NOT_SERVING' };
const GRPC_UNIMPLEMENTED = '12';

/**
 * grpc.health.v1.Health/Check with an empty request (the whole server), sent as one length-prefixed
 * gRPC message. 'not-grpc' when the answer is not gRPC at all (no grpc-status, another content type).
 */
function checkHealth(session: http2.ClientHttp2Session, deadlineMs: number): Promise<GrpcFacts['health'] | 'not-grpc'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let headers: http2.IncomingHttpHeaders = {};
    let settled = false;
    const finish = (result: GrpcFacts['health'] | 'not-grpc') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_CANCEL);
      resolve(result);
    };
    // Reaching HTTP/2 SETTINGS and then no answer: a gRPC server that is busy, or an HTTP/2 server that
    // ignores us. Either way it is not a usable gRPC server right now.
    const timer = setTimeout(() => finish('UNKNOWN'), deadlineMs);
    const stream = session.request({
      ':method': 'POST',
      ':path': '/grpc.health.v1.Health/Check',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    stream.on('response', (h) => (headers = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('trailers', (trailers) => finish(healthFrom(headers, trailers, Buffer.concat(chunks))));
    stream.on('end', () => finish(healthFrom(headers, {}, Buffer.concat(chunks))));
    stream.on('error', () => finish('UNKNOWN'));
    stream.end(Buffer.alloc(5)); // uncompressed, zero-length HealthCheckRequest
  });
}

function healthFrom(
  headers: http2.IncomingHttpHeaders,
  trailers: http2.IncomingHttpHeaders,
  body: Buffer,
): GrpcFacts['health'] | 'not-grpc' {
  // A trailers-only answer puts grpc-status in the headers.
  const status = trailers['grpc-status'] ?? headers['grpc-status'];
  const contentType = String(headers['content-type'] ?? '');
  if (status === undefined || !contentType.startsWith('application/grpc')) return 'not-grpc';
  if (status === GRPC_UNIMPLEMENTED) return 'UNIMPLEMENTED';
  if (status !== '0') return 'UNKNOWN';
  // Message: 5-byte prefix, then field 1 (tag 0x08) as a varint status.
  if (body.length >= 7 && body[5] === 0x08) return SERVING_STATUS[body[6]] ?? 'UNKNOWN';
  return 'UNKNOWN';
}
