// Call engine cost against plain grpc-js on the same server and socket, measured in the same run:
// a unary call with a fresh connection each time (what `grpc-ipc call` does), and a server stream of
// 100,000 small messages delivered as JSON (what the request panel receives).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { fromBinary, toJson, toBinary, create } from '@bufbuild/protobuf';
import { startCall } from '../src/ipc/call/invoke';
import { fixtureRegistry, probeMethod } from '../test/helpers/fixtureSchema';
import { startProbeServer } from '../test/helpers/probeServer';
import { interleave, median, report, round } from './lib.mjs';

const registry = fixtureRegistry();
const schema = { registry };
const Everything = registry.getMessage('calltest.v1.Everything')!;
const CountRequest = registry.getMessage('calltest.v1.CountRequest')!;
const Item = registry.getMessage('calltest.v1.Item')!;
const STREAM = 100_000;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-bench-'));
  const socket = path.join(dir, 'bench.sock');
  const server = await startProbeServer(`unix:${socket}`);
  const endpoint = { kind: 'unix', path: socket } as const;
  const echo = probeMethod('Echo', registry);
  const count = probeMethod('Count', registry);
  const request = { text: 'hello', i64: '42', color: 'COLOR_RED' };

  /** The baseline: grpc-js alone, a new client per call, the same message encoded by the same library. */
  const rawUnary = () =>
    new Promise<void>((resolve, reject) => {
      const client = new grpc.Client(`unix:${socket}`, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      const bytes = Buffer.from(toBinary(Everything, create(Everything, { text: 'hello', i64: 42n, color: 1 })));
      client.makeUnaryRequest(
        echo.path,
        (b: Buffer) => b,
        (b: Buffer) => toJson(Everything, fromBinary(Everything, b)),
        bytes,
        new grpc.Metadata(),
        { deadline: Date.now() + 5000 },
        (error) => {
          client.close();
          if (error) reject(error);
          else resolve();
        },
      );
    });
  const oursUnary = async () => {
    const result = await startCall({ connect: { endpoint }, schema, method: echo, requests: [request], deadlineMs: 5000 }).result;
    if (result.code !== 0) throw new Error(result.message);
  };
  const rawStream = () =>
    new Promise<void>((resolve, reject) => {
      const client = new grpc.Client(`unix:${socket}`, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
      const bytes = Buffer.from(toBinary(CountRequest, create(CountRequest, { count: STREAM })));
      let seen = 0;
      const call = client.makeServerStreamRequest(
        count.path,
        (b: Buffer) => b,
        (b: Buffer) => toJson(Item, fromBinary(Item, b)),
        bytes,
        new grpc.Metadata(),
        { deadline: Date.now() + 60_000 },
      );
      call.on('data', () => seen++);
      call.on('error', reject);
      call.on('end', () => {
        client.close();
        if (seen === STREAM) resolve();
        else reject(new Error(`saw ${seen}`));
      });
    });
  const oursStream = async () => {
    let seen = 0;
    const result = await startCall(
      { connect: { endpoint }, schema, method: count, requests: [{ count: STREAM }], deadlineMs: 60_000, retainResponses: 100 },
      { onMessage: () => seen++ },
    ).result;
    if (result.code !== 0 || seen !== STREAM) throw new Error(`${result.message} (saw ${seen})`);
  };

  await interleave(5, { rawUnary, oursUnary }); // warm-up
  const unary = await interleave(60, { rawUnary, oursUnary });
  const stream = await interleave(3, { rawStream, oursStream });
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });

  const unaryRatio = median(unary.oursUnary) / median(unary.rawUnary);
  const streamRatio = median(stream.oursStream) / median(stream.rawStream);
  report(
    'call',
    {
      unaryMs: { ours: round(median(unary.oursUnary)), grpcJs: round(median(unary.rawUnary)), ratio: round(unaryRatio) },
      stream100kMs: { ours: round(median(stream.oursStream)), grpcJs: round(median(stream.rawStream)), ratio: round(streamRatio) },
      messagesPerSecond: Math.round(STREAM / (median(stream.oursStream) / 1000)),
    },
    {
      'unary call within 2x of plain grpc-js (both with a new connection)': unaryRatio <= 2,
      'streaming 100k messages within 1.3x of plain grpc-js': streamRatio <= 1.3,
    },
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
