// What the tree shows for a socket it found: the row leads with the socket's file name and its folder
// opens the description. Built by the real explorer from a real discovery run, so it checks the row the
// user sees, not only the helper that words it.
import { settings } from '../helpers/vscodeModule';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startDemoServer } from '../../src/ipc/demo/server';
import { Explorer } from '../../src/extension/explorer/tree';
import { ServerManager } from '../../src/extension/servers';
import { PinStore } from '../../src/extension/pins';

test("a discovered socket's row is labelled with its file name, its folder first in the description", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-label-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const socketPath = path.join(dir, 'labels.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socketPath } });
  t.after(() => server.close());
  Object.assign(settings.user, { 'grpcIpc.discovery.directories': [dir], 'grpcIpc.discovery.probe': false, 'grpcIpc.owner.policy': 'warn' });

  const memento = new Map<string, unknown>();
  const pins = new PinStore({ get: (key: string, fallback?: unknown) => memento.get(key) ?? fallback, update: async (key: string, value: unknown) => void memento.set(key, value), keys: () => [] } as never);
  const servers = new ServerManager();
  const explorer = new Explorer(servers, pins);
  t.after(() => (explorer.dispose(), servers.dispose(), pins.dispose()));
  await explorer.refresh();

  const sockets = (await explorer.getChildren(undefined)).find((node) => node.kind === 'group' && node.group === 'sockets');
  assert.ok(sockets, 'the Sockets group is listed');
  const row = (await explorer.getChildren(sockets)).find((node) => node.kind === 'endpoint' && node.address === `unix:${socketPath}`);
  assert.ok(row, `the socket ${socketPath} is listed under Sockets`);
  const item = explorer.getTreeItem(row);
  assert.equal(item.label, 'labels.sock');
  assert.ok(String(item.description).startsWith(`${dir} · `), `the description leads with the folder: ${String(item.description)}`);
});
