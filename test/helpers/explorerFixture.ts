// The real explorer over a real demo server in a temp folder of its own, for tests of what the tree shows.
import type { TestContext } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { settings } from './vscodeModule';
import { startDemoServer } from '../../src/ipc/demo/server';
import { Explorer } from '../../src/extension/explorer/tree';
import { ServerManager } from '../../src/extension/servers';
import { PinStore } from '../../src/extension/pins';

/** Serves the demo on `<temp>/<socketName>`, scans only that folder, and resolves with an explorer not yet refreshed. */
export async function explorerOverDemo(
  t: TestContext,
  socketName: string,
): Promise<{ explorer: Explorer; pins: PinStore; socketPath: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-tree-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socketPath = path.join(dir, socketName);
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => server.close());
  Object.assign(settings.user, {
    'grpcIpc.discovery.directories': [dir],
    'grpcIpc.discovery.probe': false,
    'grpcIpc.owner.policy': 'warn',
  });
  // Pinned targets live in a memento; an in-memory one stands for VS Code's global state.
  const memento = new Map<string, unknown>();
  const state = {
    get: (key: string, fallback?: unknown) => memento.get(key) ?? fallback,
    update: async (key: string, value: unknown) => void memento.set(key, value),
    keys: () => [],
  };
  const pins = new PinStore(state as never);
  const servers = new ServerManager();
  const explorer = new Explorer(servers, pins);
  t.after(() => (explorer.dispose(), servers.dispose(), pins.dispose()));
  return { explorer, pins, socketPath };
}
