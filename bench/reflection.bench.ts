// describe by reflection against a server with 200 services and 2,000 message types (generated at
// start-up, in its own process). Ours builds the full schema (every file and dependency, resolved into a
// type registry); the baseline is a raw grpc-js reflection client that only fetches the same files.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { parseTarget } from '../src/ipc/endpoint';
import { loadSchemaByReflection } from '../src/ipc/schema/schema';
import { interleave, median } from './lib.mjs';
import { root, tempDir, runMain } from './support';

type ReflectionStream = grpc.ClientDuplexStream<unknown, Record<string, unknown>>;

/** Fetches every service's file (and, by name, every file it imports) over one reflection stream. */
async function rawFetchAll(target: string): Promise<number> {
  const definition = protoLoader.loadSync('grpc/reflection/v1/reflection.proto', { includeDirs: [path.join(root, 'protos')] });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
  };
  const client = new loaded.grpc.reflection.v1.ServerReflection(target, grpc.credentials.createInsecure());
  const stream = (client.ServerReflectionInfo as () => ReflectionStream)();
  // One 'error' listener for the stream's life: a once-listener per request would pile up, as 'data' wins.
  let failed: (error: Error) => void = () => undefined;
  stream.on('error', (error) => failed(error));
  const ask = (request: object) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      failed = reject;
      stream.once('data', resolve);
      stream.write(request);
    });
  const listed = (await ask({ listServices: '' })).listServicesResponse as { service: { name: string }[] };
  let files = 0;
  for (const service of listed.service) {
    const answer = (await ask({ fileContainingSymbol: service.name })).fileDescriptorResponse as { fileDescriptorProto: Buffer[] };
    files += answer.fileDescriptorProto.length;
  }
  stream.end();
  client.close();
  return files;
}

async function main() {
  const temp = tempDir();
  const socket = path.join(temp.dir, 'big.sock');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'fixtures/bigServer.ts'), socket], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => /listening/.test(String(chunk)) && resolve());
      child.on('exit', (code) => reject(new Error(`the big server exited with ${code}`)));
    });
    const connect = { endpoint: parseTarget(`unix:${socket}`) };
    let services = 0;
    let types = 0;
    const ours = async () => {
      const schema = await loadSchemaByReflection(connect, 30_000);
      services = schema.services.length;
      types = [...schema.registry].filter((entry) => entry.kind === 'message').length;
    };
    const raw = () => rawFetchAll(`unix:${socket}`);
    await ours();
    await raw();
    const samples = await interleave(7, { ours, raw });
    const figures = {
      services,
      message_types: types,
      describe_ms: Number(median(samples.ours).toFixed(1)),
      raw_fetch_ms: Number(median(samples.raw).toFixed(1)),
      describe_vs_raw_ratio: Number((median(samples.ours) / median(samples.raw)).toFixed(2)),
    };
    console.log(JSON.stringify({ bench: 'reflection', ...figures, targets: { 'describe_ms <= 200': figures.describe_ms <= 200 } }));
  } finally {
    child.kill('SIGTERM');
    temp.dispose();
  }
}

runMain(main);
