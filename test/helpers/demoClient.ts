// A raw grpc-js client for the demo server's services, loaded from the .proto files, for tests.
/* eslint-disable @typescript-eslint/no-explicit-any -- proto-loader's dynamic clients and messages have no static types */
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { grpcTarget, Endpoint } from '../../src/ipc/endpoint';
import { protosDir } from '../../src/ipc/protos';

const loaderOptions = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const reflectionProtos = path.join(path.dirname(require.resolve('@grpc/reflection')), '../proto');

function load(file: string, includeDirs: string[]): any {
  return grpc.loadPackageDefinition(protoLoader.loadSync(file, { ...loaderOptions, includeDirs }));
}

/** Clients for Demo, Health and both reflection versions, on one channel each. */
export function demoClients(endpoint: Endpoint, credentials = grpc.credentials.createInsecure(), options: grpc.ChannelOptions = {}) {
  const target = grpcTarget(endpoint);
  const demo = load('demo/v1/demo.proto', [protosDir()]).grpcipc.demo.v1;
  const health = load(healthProtoPath, []).grpc.health.v1;
  const v1 = load('grpc/reflection/v1/reflection.proto', [reflectionProtos]).grpc.reflection.v1;
  const v1alpha = load('grpc/reflection/v1alpha/reflection.proto', [reflectionProtos]).grpc.reflection.v1alpha;
  const clients = {
    demo: new demo.Demo(target, credentials, options) as any,
    health: new health.Health(target, credentials, options) as any,
    reflectionV1: new v1.ServerReflection(target, credentials, options) as any,
    reflectionV1alpha: new v1alpha.ServerReflection(target, credentials, options) as any,
    close() {
      for (const client of [clients.demo, clients.health, clients.reflectionV1, clients.reflectionV1alpha]) client.close();
    },
  };
  return clients;
}

export function deadline(ms = 5000): Date {
  return new Date(Date.now() + ms);
}

/** Calls a unary method and resolves with its response, or rejects with the grpc-js error. */
export function unary(
  client: any,
  method: string,
  request: unknown,
  metadata = new grpc.Metadata(),
  options: grpc.CallOptions = {},
): Promise<any> {
  return new Promise((resolve, reject) =>
    client[method](request, metadata, { deadline: deadline(), ...options }, (error: grpc.ServiceError | null, response: unknown) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

/** Reads a whole response stream; resolves with the messages, or rejects with the status error. */
export function collectStream(call: grpc.ClientReadableStream<any>): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const messages: any[] = [];
    call.on('data', (message) => messages.push(message));
    call.on('error', reject);
    call.on('end', () => resolve(messages));
  });
}

/** Sends one reflection request and returns the first response. */
export function reflect(client: any, request: Record<string, unknown>): Promise<any> {
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo({ deadline: deadline() });
    call.on('data', (response: unknown) => {
      resolve(response);
      call.end();
    });
    call.on('error', reject);
    call.write(request);
  });
}
