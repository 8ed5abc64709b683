// The explorer's services under an endpoint: a socket that comes or goes nearby must not reload (and so
// collapse) the services of an endpoint whose server is still the same process; a new process at the
// same address, or the user's Refresh, loads them again. Real demo servers in child processes, real
// sockets and the real watcher.
import { settings } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { Explorer } from '../../src/extension/explorer/tree';
import type { TreeNode } from '../../src/extension/explorer/nodes';
import { PinStore } from '../../src/extension/pins';
import { ServerManager } from '../../src/extension/servers';
import { ROOT } from '../helpers/cliRunner';
import { tempDir } from '../helpers/servers';

const skip = process.platform !== 'linux' && 'the explorer lists a socket’s process from /proc (Linux)';

/** `grpc-ipc serve-demo` in a child process; resolves once it says it listens. */
async function serveDemo(t: test.TestContext, socket: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve-demo', '--listen', `unix:${socket}`],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => ((output += chunk), /^listening /m.test(output) && resolve());
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`serve-demo exited with ${code}: ${output}`)));
  });
  return child;
}

/** Waits until the explorer's tree changes in a way `done` accepts; each change is one refresh step. */
async function untilTree(explorer: Explorer, done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the explorer did not refresh within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Let the refresh that made the change end, so that the next step starts from a settled tree.
  await new Promise<void>((resolve) => {
    const quiet = () => setTimeout(() => (subscription.dispose(), resolve()), 300);
    let timer = quiet();
    const subscription = explorer.onDidChangeTreeData(() => (clearTimeout(timer), (timer = quiet())));
  });
}

test(
  'a socket coming nearby keeps the services of an endpoint held by the same process; a new process or Refresh loads them again',
  { skip },
  async (t) => {
    const dir = tempDir(t);
    const socket = path.join(dir, 'demo.sock');
    const address = `unix:${socket}`;
    Object.assign(settings.user, {
      'grpcIpc.discovery.directories': [dir],
      'grpcIpc.discovery.probe': false,
      'grpcIpc.owner.policy': 'warn',
    });
    const memento = new Map<string, unknown>();
    const pins = new PinStore({
      get: (key: string, fallback?: unknown) => memento.get(key) ?? fallback,
      update: async () => {},
      keys: () => [],
    } as never);
    const servers = new ServerManager();
    const explorer = new Explorer(servers, pins);
    t.after(() => (explorer.dispose(), servers.dispose(), pins.dispose()));

    const first = await serveDemo(t, socket);
    await explorer.refresh();
    explorer.setVisible(true);
    const endpoint: TreeNode = { kind: 'endpoint', address, origin: 'discovered', facts: explorer.factsFor(address) ?? null };
    const services = async () => (await explorer.getChildren(endpoint)).flatMap((node) => (node.kind === 'service' ? [node.service] : []));
    const loaded = await services();
    assert.ok(
      loaded.some((service) => service.name === 'grpcipc.demo.v1.Demo'),
      JSON.stringify(loaded.map((s) => s.name)),
    );
    assert.equal(explorer.factsFor(address)?.pid, first.pid);

    // Another socket comes into the watched folder: the watcher refreshes the list, the services stay loaded.
    const nearby = net.createServer();
    await new Promise<void>((resolve) => nearby.listen(path.join(dir, 'nearby.sock'), resolve));
    t.after(() => nearby.close());
    await untilTree(explorer, () => explorer.factsFor(`unix:${path.join(dir, 'nearby.sock')}`) !== undefined);
    assert.equal((await services())[0], loaded[0], 'the services were loaded again for a socket that came nearby');

    // The server is restarted: another process holds the address, so its services are loaded from it.
    first.kill('SIGTERM');
    await new Promise((resolve) => first.once('exit', resolve));
    const second = await serveDemo(t, socket);
    await untilTree(explorer, () => explorer.factsFor(address)?.pid === second.pid);
    const reloaded = await services();
    assert.notEqual(reloaded[0], loaded[0], 'the services of the old process were kept for the new one');
    assert.ok(reloaded.some((service) => service.name === 'grpcipc.demo.v1.Demo'));

    // The user's Refresh loads every schema again.
    await explorer.refresh();
    assert.notEqual((await services())[0], reloaded[0], 'Refresh kept the services');
  },
);
