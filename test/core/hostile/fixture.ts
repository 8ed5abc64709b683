// What the hostile cases share: a demo server in its own temp folder, and a call through the core.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { startCall, type CallHandle, type CallListener, type CallRequest } from '../../../src/ipc/call/invoke';
import { startDemoServer, type DemoServer, type DemoServerOptions } from '../../../src/ipc/demo/server';
import { findMethod, loadSchemaByReflection, type Schema } from '../../../src/ipc/schema/schema';
import type { ConnectOptions } from '../../../src/ipc/types';

export const DEMO = 'grpcipc.demo.v1.Demo';

/** A short private temp folder (socket paths are limited to 107 bytes), removed after the test. */
export function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The demo server on a Unix socket in its own folder, closed after the test. */
export async function demoServer(t: TestContext, options: Partial<DemoServerOptions> = {}): Promise<DemoServer> {
  const dir = tempDir(t);
  const server = await startDemoServer({ listen: { kind: 'unix', path: path.join(dir, 'demo.sock') }, ...options });
  t.after(() => server.close());
  return server;
}

/** Starts a call to a demo method by name, with the schema from reflection. */
export async function demoCall(
  connect: ConnectOptions,
  method: string,
  requests: unknown[],
  extra: Partial<CallRequest> = {},
  listener: CallListener = {},
  schema?: Schema,
): Promise<CallHandle> {
  const loaded = schema ?? (await loadSchemaByReflection(connect, 5000));
  return startCall(
    { connect, schema: loaded, method: findMethod(loaded, `${DEMO}/${method}`), requests, deadlineMs: 10_000, ...extra },
    listener,
  );
}

/** `grpc-ipc serve-demo` in its own process; resolves with its target once it listens, killed after the test. */
export async function serveDemoProcess(t: TestContext, listen: string): Promise<{ target: string; child: ChildProcess }> {
  const main = path.resolve(__dirname, '../../../src/cli/main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'serve-demo', '--listen', listen], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => (err += chunk));
  const target = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const line = /^listening (.+)$/m.exec(out);
      if (line) resolve(line[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve-demo exited with ${code}: ${err}`)));
  });
  return { target, child };
}
