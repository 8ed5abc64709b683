// What the tree shows for a socket it found: the row leads with the socket's file name and its folder
// opens the description. Built by the real explorer from a real discovery run, so it checks the row the
// user sees, not only the helper that words it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { explorerOverDemo } from '../helpers/explorerFixture';

test("a discovered socket's row is labelled with its file name, its folder first in the description", async (t) => {
  const { explorer, socketPath } = await explorerOverDemo(t, 'labels.sock');
  const dir = path.dirname(socketPath);
  await explorer.refresh();

  const sockets = (await explorer.getChildren(undefined)).find((node) => node.kind === 'group' && node.group === 'sockets');
  assert.ok(sockets, 'the Sockets group is listed');
  const row = (await explorer.getChildren(sockets)).find((node) => node.kind === 'endpoint' && node.address === `unix:${socketPath}`);
  assert.ok(row, `the socket ${socketPath} is listed under Sockets`);
  const item = explorer.getTreeItem(row);
  assert.equal(item.label, 'labels.sock');
  assert.ok(String(item.description).startsWith(`${dir} · `), `the description leads with the folder: ${String(item.description)}`);
});
