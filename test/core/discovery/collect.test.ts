// Matching socket files to the kernel's listeners. A reading of /proc/net/unix can skip a row when a socket
// closes meanwhile (the kernel resumes each page by position); a real listener must not then be called one
// in another network namespace. The skip cannot be forced, so the first reading here leaves one out.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectLinux } from '../../../src/ipc/discovery/collect';
import { listUnixListeners } from '../../../src/ipc/discovery/listeners';
import { scanSocketFiles } from '../../../src/ipc/discovery/scan';
import { shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

const linuxOnly = process.platform !== 'linux' && 'reads the kernel tables (Linux)';

async function twoListeners(t: test.TestContext) {
  const dir = shortTempDir();
  const paths = [path.join(dir, 'a.sock'), path.join(dir, 'b.sock')];
  const child = await startListenerProcess({ paths });
  t.after(async () => {
    await child.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const all = await listUnixListeners();
  const skipped = all.filter((listener) => listener.path !== paths[1]);
  const scan = () => scanSocketFiles([{ dir, depth: 1, maxEntries: 100 }]);
  return { dir, paths, child, all, skipped, scan };
}

test(
  'a listener missing from one reading of the table is found by a second one, not put in another namespace',
  { skip: linuxOnly },
  async (t) => {
    const { paths, child, skipped, scan } = await twoListeners(t);
    const report = await collectLinux(scan(), Promise.resolve(skipped));
    const b = report.endpoints.find((endpoint) => endpoint.path === paths[1]);
    assert.equal(b?.pid, child.pid);
    assert.deepEqual(b?.warnings, []);
    assert.equal(report.endpoints.filter((endpoint) => endpoint.path === paths[1]).length, 1);
  },
);

test('a file that answers with no listener in either reading is said to be served from elsewhere', { skip: linuxOnly }, async (t) => {
  const { paths, skipped, scan } = await twoListeners(t);
  let readings = 0;
  const report = await collectLinux(scan(), Promise.resolve(skipped), async () => (readings++, skipped));
  const b = report.endpoints.find((endpoint) => endpoint.path === paths[1]);
  assert.equal(readings, 1);
  assert.equal(b?.pid, null);
  assert.deepEqual(
    b?.warnings.map((warning) => warning.code),
    ['owner-unknown'],
  );
  // Nothing is read again when every file has its listener.
  await collectLinux(scan(), listUnixListeners(), async () => (readings++, skipped));
  assert.equal(readings, 1);
});
