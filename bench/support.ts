// Bench fixtures: the demo server in its own process, and a raw grpc-js client with static stubs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const root = path.resolve(__dirname, '..');

export interface ServerProcess {
  target: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `grpc-ipc serve-demo` from the production bundle and waits for its "listening" line. It is
 * ended when this process exits, so a benchmark that fails midway leaves no server behind.
 */
export function startDemoProcess(listen: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'serve-demo', '--listen', listen], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endWithUs = () => child.exitCode === null && child.kill('SIGTERM');
  process.once('exit', endWithUs);
  child.once('exit', () => process.removeListener('exit', endWithUs));
  return new Promise((resolve, reject) => {
    let out = '';
    let errors = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /^listening (\S+)/m.exec(out);
      if (match) resolve({ target: match[1], child, stop: () => stopChild(child) });
    });
    child.stderr!.on('data', (chunk) => (errors = (errors + chunk).slice(-2000)));
    child.on('exit', (code) =>
      reject(
        new Error(`serve-demo exited with ${code} before listening (is dist/cli.js built? npm run bench builds it): ${errors || out}`),
      ),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A temp folder for sockets; removed by dispose(), or when this process exits if a benchmark fails first. */
export function tempDir(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-bench-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', dispose);
  return { dir, dispose };
}

/** A grpc-js client from static proto-loader stubs: the baseline every product path is held against. */
export function rawDemoClient(
  grpcTarget: string,
  options: grpc.ChannelOptions = {},
): grpc.Client & Record<string, (...args: unknown[]) => unknown> {
  const definition = protoLoader.loadSync(['demo/v1/demo.proto'], {
    includeDirs: [path.join(root, 'protos')],
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    grpcipc: { demo: { v1: { Demo: grpc.ServiceClientConstructor } } };
  };
  return new loaded.grpcipc.demo.v1.Demo(grpcTarget, grpc.credentials.createInsecure(), options) as never;
}

/** Resolves after `count` calls made `inFlight` at a time; returns elapsed ms. */
export async function saturate(count: number, inFlight: number, call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      await call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return performance.now() - start;
}

/** Runs a benchmark's main and exits: the servers' sockets must not keep the process alive. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
