// Tree ids must be unique across the whole tree: VS Code refuses a second element with the same id
// ("Element with id … is already registered") and then shows neither row's children. The same endpoint
// is listed twice here, discovered and pinned, and both rows are expanded down to their methods.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { explorerOverDemo } from '../helpers/explorerFixture';
import { nodeId, type TreeNode } from '../../src/extension/explorer/nodes';

test('a socket that is both discovered and pinned gives unique ids down to its methods', async (t) => {
  const { explorer, pins, socketPath } = await explorerOverDemo(t, 'demo.sock');
  const dir = path.dirname(socketPath);
  await pins.add(`unix:${socketPath}`);
  await explorer.refresh();

  const ids = new Map<string, number>();
  const walk = async (node: TreeNode | undefined, depth: number): Promise<void> => {
    for (const child of await explorer.getChildren(node)) {
      if (child.kind === 'endpoint' && !child.address.includes(dir)) continue; // other sockets on the machine
      const id = explorer.getTreeItem(child).id ?? nodeId(child);
      ids.set(id, (ids.get(id) ?? 0) + 1);
      if (depth < 4) await walk(child, depth + 1);
    }
  };
  await walk(undefined, 0);
  const methods = [...ids]
    .filter(([id]) => id.includes('method') && id.endsWith('grpcipc.demo.v1.Demo.Echo'))
    .map(([id, count]) => `${id} ×${count}`);
  assert.equal(methods.length, 2, `both rows list Echo: ${[...ids.keys()].join('\n')}`);
  assert.deepEqual(
    [...ids].filter(([, count]) => count > 1),
    [],
    'every id is used once',
  );
});
