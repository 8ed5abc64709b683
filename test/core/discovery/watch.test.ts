import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { watchEndpoints } from '../../../src/ipc/discovery/discover';
import { shortTempDir, startListenerProcess } from '../../helpers/listenerProcess';

/** Resolves at the next onChange, or rejects after `ms` (a generous bound, not a timing assertion). */
function changeSignal() {
  let notify = () => {};
  let count = 0;
  return {
    onChange: () => {
      count++;
      notify();
    },
    get count() {
      return count;
    },
    next(ms = 10_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no change reported')), ms);
        notify = () => {
          clearTimeout(timer);
          notify = () => {};
          resolve();
        };
      });
    },
  };
}

test('watchEndpoints reports a socket appearing, its listener dying, and the file going away', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange);
  t.after(() => watch.dispose());

  const socket = path.join(dir, 'new.sock');
  let change = signal.next();
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  await change;

  change = signal.next();
  await child.crash(); // the file stays: only the kernel table changes
  await change;

  change = signal.next();
  fs.unlinkSync(socket);
  await change;
});

test('a socket in a subfolder created after the watch started is seen', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange);
  t.after(() => watch.dispose());
  fs.mkdirSync(path.join(dir, 'app'));
  // Give the new folder's watcher a moment to be set up before the socket appears in it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const change = signal.next();
  const child = await startListenerProcess({ paths: [path.join(dir, 'app', 'api.sock')] });
  t.after(() => child.close());
  await change;
});

test('after dispose, nothing is reported', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange);
  watch.dispose();
  const child = await startListenerProcess({ paths: [path.join(dir, 'late.sock')] });
  t.after(() => child.close());
  await assert.rejects(signal.next(2500), /no change reported/);
  assert.equal(signal.count, 0);
});
