// Memory under load, as figures (not tests):
// - the CLI's peak resident memory while a slow reader drains a 100,000 × 1 KiB stream, against the same
//   CLI with a fast reader in the same run;
// - the extension host's memory growth over a 100,000-message stream through the panel host's call code
//   (src/extension/panel/calls.ts, which imports no vscode), against a bare core call in the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startCall } from '../src/ipc/call/invoke';
import { parseTarget } from '../src/ipc/endpoint';
import { findMethod, loadSchemaByReflection } from '../src/ipc/schema/schema';
import { CallRunner } from '../src/extension/panel/calls';
import { root, runMain, startDemoProcess, tempDir } from './support';

const COUNT = 100_000;
const REQUEST = { count: COUNT, interval: '0s', payloadSize: 1024 };
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** VmHWM (peak resident memory) of a live process, in bytes. */
function peakResident(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Runs the CLI's Countdown call; a slow reader takes 64 KiB every 5 ms. Resolves with the CLI's peak RSS. */
function cliPeak(target: string, slow: boolean): Promise<number> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'call', target, 'grpcipc.demo.v1.Demo/Countdown', '-d', JSON.stringify(REQUEST), '--deadline', '10m'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let peak = 0;
  let lines = 0;
  const sample = setInterval(() => (peak = Math.max(peak, peakResident(child.pid!))), 20);
  child.stdout.on('data', (chunk: Buffer) => {
    lines += chunk.toString('latin1').split('\n').length - 1;
    if (!slow) return;
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 5);
  });
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      clearInterval(sample);
      if (code !== 0 || lines !== COUNT) reject(new Error(`cli: exit ${code} after ${lines} lines`));
      else resolve(peak);
    }),
  );
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function main() {
  if (process.platform !== 'linux') throw new Error('reads /proc');
  const temp = tempDir();
  const server = await startDemoProcess(`unix:${path.join(temp.dir, 's.sock')}`);
  try {
    const fastPeak = await cliPeak(server.target, false);
    const slowPeak = await cliPeak(server.target, true);

    const connect = { endpoint: parseTarget(server.target) };
    const schema = await loadSchemaByReflection(connect, 5000);
    const method = findMethod(schema, 'grpcipc.demo.v1.Demo/Countdown');
    const call = (listener = {}) => startCall({ connect, schema, method, requests: [REQUEST], deadlineMs: 600_000, retainResponses: 0 }, listener);

    const bareBefore = heapAfterGc();
    const bare = await call().result;
    if (bare.code !== 0) throw new Error(`bare call: ${bare.codeName}`);
    const bareGrowth = heapAfterGc() - bareBefore;

    const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'gi-spool-'));
    const runner = new CallRunner({ post: () => undefined, spoolDir: () => spoolDir, explain: () => ({}) });
    const hostBefore = heapAfterGc();
    let hostPeak = 0;
    const sample = setInterval(() => (hostPeak = Math.max(hostPeak, process.memoryUsage().heapUsed - hostBefore)), 20);
    const callId = runner.start((listener) => call(listener));
    const settled = await runner.settled(callId);
    clearInterval(sample);
    const hostGrowth = heapAfterGc() - hostBefore;
    await runner.dispose();
    rmSync(spoolDir, { recursive: true, force: true });
    if (settled.result?.code !== 0) throw new Error(`host runner: ${settled.result?.codeName ?? settled.problem?.message}`);

    const figures = {
      messages: COUNT,
      cli_peak_rss_mib_slow_reader: Number((slowPeak / MiB).toFixed(1)),
      cli_peak_rss_mib_fast_reader: Number((fastPeak / MiB).toFixed(1)),
      cli_slow_vs_fast_peak_ratio: Number((slowPeak / fastPeak).toFixed(2)),
      host_heap_growth_mib_after_stream: Number((hostGrowth / MiB).toFixed(2)),
      host_heap_peak_growth_mib_during_stream: Number((hostPeak / MiB).toFixed(1)),
      bare_call_heap_growth_mib: Number((bareGrowth / MiB).toFixed(2)),
    };
    console.log(
      JSON.stringify({
        bench: 'reliability',
        ...figures,
        targets: {
          'cli_slow_vs_fast_peak_ratio <= 1.5': figures.cli_slow_vs_fast_peak_ratio <= 1.5,
          'host_heap_growth_mib_after_stream <= 5': figures.host_heap_growth_mib_after_stream <= 5,
        },
      }),
    );
  } finally {
    await server.stop();
    temp.dispose();
  }
}

runMain(main);
