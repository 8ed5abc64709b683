import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { type Batch, StreamBatcher } from '../../../src/ipc/panelSupport/batcher';
import type { Clock } from '../../../src/shared/clock';
import { BoundedHistory } from '../../../src/shared/history';

/** A clock that only moves when told to. */
class ManualClock implements Clock {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advanceTo(time: number): void {
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= time).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].callback();
    }
    this.now = time;
  }
}

function run(count: number, overMs: number, intervalMs: number, maxItems = 1000): Batch<number>[] {
  const clock = new ManualClock();
  const posts: Batch<number>[] = [];
  const batcher = new StreamBatcher<number>((batch) => posts.push(batch), { intervalMs, maxItems, clock });
  for (let i = 0; i < count; i++) {
    clock.advanceTo(Math.floor((i * overMs) / count));
    batcher.push(i);
  }
  batcher.flush();
  return posts;
}

test('100k messages over 1 s at a 75 ms interval make 14 posts, not 100k', () => {
  const posts = run(100_000, 1000, 75, 200);
  assert.equal(posts.length, 14);
  assert.equal(posts.at(-1)!.received, 100_000);
  const delivered = posts.reduce((sum, post) => sum + post.items.length, 0);
  const skipped = posts.reduce((sum, post) => sum + post.skipped, 0);
  assert.equal(delivered + skipped, 100_000);
  assert.ok(posts.every((post) => post.items.length <= 200));
  assert.equal(posts.at(-1)!.items.at(-1), 99_999, 'the newest message is always delivered');
});

test('a slow stream posts each message on its own', () => {
  const posts = run(10, 10_000, 50);
  assert.equal(posts.length, 10);
  assert.deepEqual(
    posts.map((post) => post.items),
    [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]],
  );
});

test('nothing pending means no post; flush after the end posts the rest once', () => {
  const posts: Batch<string>[] = [];
  const clock = new ManualClock();
  const batcher = new StreamBatcher<string>((batch) => posts.push(batch), { intervalMs: 50, maxItems: 10, clock });
  batcher.flush();
  assert.equal(posts.length, 0);
  batcher.push('a');
  batcher.push('b');
  batcher.flush();
  clock.advanceTo(1000);
  assert.deepEqual(posts, [{ items: ['a', 'b'], received: 2, skipped: 0 }]);
});

test('dispose cancels the pending flush', () => {
  const posts: Batch<number>[] = [];
  const clock = new ManualClock();
  const batcher = new StreamBatcher<number>((batch) => posts.push(batch), { intervalMs: 50, maxItems: 10, clock });
  batcher.push(1);
  batcher.dispose();
  clock.advanceTo(1000);
  assert.equal(posts.length, 0);
});

test('the bounded history keeps the newest items and counts the rest', () => {
  const history = new BoundedHistory<number>(3);
  history.add([1, 2]);
  history.add([3, 4, 5]);
  history.addDropped(10);
  assert.equal(history.size, 3);
  assert.deepEqual([history.at(0), history.at(1), history.at(2)], [3, 4, 5]);
  assert.equal(history.dropped, 12);
});
