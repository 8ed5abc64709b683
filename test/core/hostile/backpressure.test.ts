// Issue 15, failure 3: a slow reader must not make `grpc-ipc call` buffer the whole stream in memory.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnCli, useCliBundle } from '../../helpers/cliRunner';
import { serveDemoProcess, tempDir } from './fixture';

const cli = useCliBundle();
const MiB = 1024 * 1024;

/** Resident memory of a process, from /proc (VmRSS), in bytes; 0 once it has gone. */
function residentBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

test(
  'a reader that stops reading pauses a 200,000 × 1 KiB stream: memory stays bounded and no message is lost',
  { skip: process.platform !== 'linux' && 'reads /proc', timeout: 180_000 },
  async (t) => {
    // The server runs in its own process, so it streams as fast as it can while this one only watches.
    const server = await serveDemoProcess(t, `unix:${tempDir(t)}/d.sock`);
    const request = JSON.stringify({ count: 200_000, interval: '0s', payloadSize: 1024 });
    const child = spawnCli(cli.path(), ['call', server.target, 'grpcipc.demo.v1.Demo/Countdown', '-d', request, '--deadline', '10m']);
    t.after(() => child.kill('SIGKILL'));
    child.stdin!.end();
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    child.stdout!.pause(); // the slow reader: nothing is read for a while

    // Without backpressure the CLI keeps every message it cannot write (about 1 GB here); with it, the
    // call stalls once the pipe and a few buffers are full. Watch for a while, or until it is clearly unbounded.
    let peak = 0;
    const watchUntil = Date.now() + 15_000;
    while (Date.now() < watchUntil && peak < 400 * MiB) {
      peak = Math.max(peak, residentBytes(child.pid!));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    t.diagnostic(`peak resident memory of the CLI: ${Math.round(peak / MiB)} MiB`);
    assert.ok(peak < 120 * MiB, `the CLI held ${Math.round(peak / MiB)} MiB while its reader was stopped`);

    let lines = 0;
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      lines += parts.length;
    });
    child.stdout!.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(partial, '');
    assert.equal(lines, 200_000);
  },
);
