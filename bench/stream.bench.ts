// Server-streaming throughput: 100,000 messages of 1 KiB through the product's call path (canonical
// JSON out) against a raw grpc-js stream with static stubs, on the same demo server process. Then the
// same stream through the request panel's host runner, counting the posts it would make to the webview.
// The target holds ours against grpc-js as it comes; a second raw client with the HTTP/2 window ours
// offers shows how much of the difference is that window rather than the work per message.
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { FLOW_CONTROL_WINDOW } from '../src/ipc/connection';
import { parseTarget, grpcTarget } from '../src/ipc/endpoint';
import { findMethod, loadSchemaByReflection } from '../src/ipc/schema/schema';
import { startCall } from '../src/ipc/call/invoke';
import { CallRunner } from '../src/extension/panel/calls';
import { median } from './lib.mjs';
import { rawDemoClient, startDemoProcess, tempDir, runMain } from './support';

const COUNT = 100_000;
const ROUNDS = 3;
const REQUEST = { count: COUNT, interval: '0s', payloadSize: 1024 };

async function main() {
  const temp = tempDir();
  const server = await startDemoProcess(`unix:${path.join(temp.dir, 's.sock')}`);
  try {
    const connect = { endpoint: parseTarget(server.target) };
    const schema = await loadSchemaByReflection(connect, 5000);
    const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Countdown');
    const client = rawDemoClient(grpcTarget(connect.endpoint));
    const windowed = rawDemoClient(grpcTarget(connect.endpoint), { 'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW });

    const ours = async () => {
      let received = 0;
      const result = await startCall(
        { connect, schema, method, requests: [REQUEST], deadlineMs: 120_000, retainResponses: 0 },
        { onMessage: () => received++ },
      ).result;
      if (result.code !== 0 || received !== COUNT) throw new Error(`ours: ${result.codeName} after ${received} messages`);
    };
    const rawOn = (stub: ReturnType<typeof rawDemoClient>) => () =>
      new Promise<void>((resolve, reject) => {
        let received = 0;
        const call = (stub.Countdown as (r: unknown, o: unknown) => grpc.ClientReadableStream<unknown>)(
          { count: COUNT, interval: { seconds: 0, nanos: 0 }, payloadSize: 1024 },
          { deadline: Date.now() + 120_000 },
        );
        call.on('data', () => received++);
        call.on('error', reject);
        call.on('end', () => (received === COUNT ? resolve() : reject(new Error(`raw: ${received} messages`))));
      });

    const rate = { ours: [] as number[], raw: [] as number[], rawWindowed: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, run] of [
        ['ours', ours],
        ['raw', rawOn(client)],
        ['rawWindowed', rawOn(windowed)],
      ] as const) {
        const start = performance.now();
        await run();
        rate[name].push(COUNT / ((performance.now() - start) / 1000));
      }
    }

    // The panel host's runner: batches for the webview and spools every message for "save all".
    const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'gi-spool-'));
    let posts = 0;
    const runner = new CallRunner({ post: () => posts++, spoolDir: () => spoolDir, explain: () => ({}) });
    const start = performance.now();
    const callId = runner.start((listener) =>
      startCall({ connect, schema, method, requests: [REQUEST], deadlineMs: 120_000, retainResponses: 0 }, listener),
    );
    const settled = await runner.settled(callId);
    const seconds = (performance.now() - start) / 1000;
    await runner.dispose();
    rmSync(spoolDir, { recursive: true, force: true });
    if (settled.result?.code !== 0) throw new Error(`host runner: ${settled.result?.codeName ?? settled.problem?.message}`);
    client.close();
    windowed.close();

    const figures = {
      messages: COUNT,
      message_bytes: 1024,
      ours_msgs_per_s: Math.round(median(rate.ours)),
      raw_msgs_per_s: Math.round(median(rate.raw)),
      ours_vs_raw_throughput_ratio: Number((median(rate.ours) / median(rate.raw)).toFixed(3)),
      raw_same_window_msgs_per_s: Math.round(median(rate.rawWindowed)),
      ours_vs_raw_same_window_ratio: Number((median(rate.ours) / median(rate.rawWindowed)).toFixed(3)),
      host_msgs_per_s: Math.round(COUNT / seconds),
      posts,
      posts_per_s: Number((posts / seconds).toFixed(1)),
    };
    console.log(
      JSON.stringify({
        bench: 'stream',
        ...figures,
        targets: {
          'ours_vs_raw_throughput_ratio >= 0.8': figures.ours_vs_raw_throughput_ratio >= 0.8,
          'posts_per_s <= 30': figures.posts_per_s <= 30,
        },
      }),
    );
  } finally {
    await server.stop();
    temp.dispose();
  }
}

runMain(main);
