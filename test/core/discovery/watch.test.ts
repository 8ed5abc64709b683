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

/** Waits until no change has been reported for a while, so the next signal belongs to the next step. */
async function quiet(signal: ReturnType<typeof changeSignal>): Promise<void> {
  for (;;) {
    const before = signal.count;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // more than one poll and one settle period
    if (signal.count === before) return;
  }
}

// Other tests on the machine create and remove sockets all the time. So each test tells the watch which
// listeners count: only its own folder, or none at all when only the folder watchers may report.
const within = (dir: string) => (address: string) => address.startsWith(`${dir}${path.sep}`);
const noListeners = () => false;

test('watchEndpoints reports a socket appearing, its listener dying, and the file going away', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange, { listeners: within(dir) });
  t.after(() => watch.dispose());
  await quiet(signal);

  const socket = path.join(dir, 'new.sock');
  let change = signal.next();
  const child = await startListenerProcess({ paths: [socket] });
  t.after(() => child.close());
  await change;
  await quiet(signal);

  change = signal.next();
  await child.crash(); // the file stays: only the kernel table changes, and only the poll can see it
  await change;
  await quiet(signal);

  change = signal.next();
  fs.unlinkSync(socket); // nothing listens any more: only the folder watcher can see this
  await change;
});

test(
  'the poll sees a listener dying even where no folder is watched',
  { skip: process.platform !== 'linux' && 'reads the kernel table' },
  async (t) => {
    const dir = shortTempDir();
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const child = await startListenerProcess({ paths: [path.join(dir, 'elsewhere.sock')] });
    t.after(() => child.close());
    const signal = changeSignal();
    const watch = watchEndpoints({ defaultDirs: false, dirs: [] }, signal.onChange, { listeners: within(dir) });
    t.after(() => watch.dispose());
    await quiet(signal);
    const change = signal.next();
    await child.crash();
    await change;
  },
);

test('a socket in a subfolder created after the watch started is seen', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange, { listeners: noListeners });
  t.after(() => watch.dispose());
  fs.mkdirSync(path.join(dir, 'app'));
  await quiet(signal); // also gives the new folder's watcher time to be set up
  const change = signal.next();
  const child = await startListenerProcess({ paths: [path.join(dir, 'app', 'api.sock')] });
  t.after(() => child.close());
  await change;
});

test('a socket in a subfolder that existed when the watch started is seen', async (t) => {
  const dir = shortTempDir();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'app-1234'));
  const signal = changeSignal();
  const watch = watchEndpoints({ defaultDirs: false, dirs: [dir] }, signal.onChange, { listeners: noListeners });
  t.after(() => watch.dispose());
  await quiet(signal);
  const change = signal.next();
  const child = await startListenerProcess({ paths: [path.join(dir, 'app-1234', 'api.sock')] });
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
