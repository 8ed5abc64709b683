// Unary latency and throughput: the product's call path (JSON in, reflection-derived descriptors,
// grpc-js, JSON out) against a raw grpc-js client with static stubs, on the same demo server process,
// over a Unix socket and over TCP. Calls alternate ours/raw so noise hits both alike.
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { parseTarget, grpcTarget } from '../src/ipc/endpoint';
import { findMethod, loadSchemaByReflection } from '../src/ipc/schema/schema';
import { ConnectionPool } from '../src/ipc/call/pool';
import { startCall } from '../src/ipc/call/invoke';
import { percentile } from './lib.mjs';
import { rawDemoClient, saturate, startDemoProcess, tempDir, runMain } from './support';

const SEQUENTIAL_CALLS = 2000;
const LOADED_CALLS = 4000;
const IN_FLIGHT = 64;

interface Figures {
  p50: number;
  p99: number;
  qps: number;
  p99Loaded: number;
}

async function measure(target: string): Promise<{ ours: Figures; raw: Figures }> {
  const connect = { endpoint: parseTarget(target) };
  const schema = await loadSchemaByReflection(connect, 5000);
  const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Echo');
  const pool = new ConnectionPool();
  const ours = async () => {
    const result = await startCall({ connect, schema, method, requests: [{ message: 'hi' }], deadlineMs: 5000, pool }).result;
    if (result.code !== 0) throw new Error(`ours: ${result.codeName} ${result.message}`);
  };
  const client = rawDemoClient(grpcTarget(connect.endpoint));
  const echo = promisify(client.Echo.bind(client)) as (request: unknown, metadata: unknown, options: unknown) => Promise<unknown>;
  const raw = () => echo({ message: 'hi' }, new grpc.Metadata(), { deadline: Date.now() + 5000 });

  for (let i = 0; i < 200; i++) await Promise.all([ours(), raw()]); // warm both paths and the JIT

  const samples = { ours: [] as number[], raw: [] as number[] };
  for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
    for (const [name, call] of i % 2
      ? ([
          ['raw', raw],
          ['ours', ours],
        ] as const)
      : ([
          ['ours', ours],
          ['raw', raw],
        ] as const)) {
      const start = performance.now();
      await call();
      samples[name].push((performance.now() - start) * 1000);
    }
  }

  const loaded = { ours: { ms: [] as number[], lat: [] as number[] }, raw: { ms: [] as number[], lat: [] as number[] } };
  for (let round = 0; round < 3; round++) {
    for (const [name, call] of [
      ['ours', ours],
      ['raw', raw],
    ] as const) {
      const timed = async () => {
        const start = performance.now();
        await call();
        loaded[name].lat.push((performance.now() - start) * 1000);
      };
      loaded[name].ms.push(await saturate(LOADED_CALLS, IN_FLIGHT, timed));
    }
  }
  client.close();
  pool.close();
  const figures = (name: 'ours' | 'raw'): Figures => ({
    p50: percentile(samples[name], 50),
    p99: percentile(samples[name], 99),
    qps: LOADED_CALLS / (percentile(loaded[name].ms, 50) / 1000),
    p99Loaded: percentile(loaded[name].lat, 99),
  });
  return { ours: figures('ours'), raw: figures('raw') };
}

async function main() {
  const temp = tempDir();
  const uds = await startDemoProcess(`unix:${path.join(temp.dir, 'u.sock')}`);
  const tcp = await startDemoProcess('127.0.0.1:0');
  try {
    const u = await measure(uds.target);
    const t = await measure(tcp.target);
    const r = (value: number) => Math.round(value);
    const figures = {
      ours_uds_p50_us: r(u.ours.p50),
      raw_uds_p50_us: r(u.raw.p50),
      ours_tcp_p50_us: r(t.ours.p50),
      raw_tcp_p50_us: r(t.raw.p50),
      ours_vs_raw_p50_ratio: Number((u.ours.p50 / u.raw.p50).toFixed(3)),
      uds_vs_tcp_p50_ratio: Number((u.ours.p50 / t.ours.p50).toFixed(3)),
      ours_uds_p99_us: r(u.ours.p99),
      raw_uds_p99_us: r(u.raw.p99),
      ours_tcp_p99_us: r(t.ours.p99),
      raw_tcp_p99_us: r(t.raw.p99),
      ours_uds_qps_64: r(u.ours.qps),
      raw_uds_qps_64: r(u.raw.qps),
      ours_tcp_qps_64: r(t.ours.qps),
      raw_tcp_qps_64: r(t.raw.qps),
      ours_uds_p99_64_us: r(u.ours.p99Loaded),
      raw_uds_p99_64_us: r(u.raw.p99Loaded),
      ours_tcp_p99_64_us: r(t.ours.p99Loaded),
      raw_tcp_p99_64_us: r(t.raw.p99Loaded),
    };
    console.log(
      JSON.stringify({
        bench: 'unary',
        ...figures,
        targets: {
          'ours_vs_raw_p50_ratio <= 1.10': figures.ours_vs_raw_p50_ratio <= 1.1,
          'uds_vs_tcp_p50_ratio <= 0.90': figures.uds_vs_tcp_p50_ratio <= 0.9,
        },
      }),
    );
  } finally {
    await uds.stop();
    await tcp.stop();
    temp.dispose();
  }
}

runMain(main);
