// The request panel's indicators tell the current truth in real VS Code: the owner chip follows a server
// in the tree as it stops and restarts, and under the owner policy "block" the host refuses a socket
// owned by someone else before a single byte reaches it. Also: the palette runs the exact title typed.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

/** The one browser call used here; the tests' tsconfig has no DOM types. */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** The owner chip's light, state text, tooltip and the colour its light is painted with. */
async function ownerChip(panel: FrameLocator): Promise<{ light: string; text: string; title: string; colour: string }> {
  const chip = panel.locator('#indicator-owner');
  return {
    light: (await chip.getAttribute('data-light')) ?? '',
    text: ((await chip.locator('.chip-state').textContent()) ?? '').trim(),
    title: (await chip.getAttribute('title')) ?? '',
    colour: await chip
      .locator('.light')
      .evaluate((element) => (globalThis as unknown as BrowserWindow).getComputedStyle(element).backgroundColor),
  };
}

function pidIn(title: string): number | undefined {
  const match = /Listening: pid (\d+)/.exec(title);
  return match ? Number(match[1]) : undefined;
}

test('the owner chip follows Stop Server and Restart Server with the panel open', { skip, timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    await workbench.runCommand('gRPC IPC: Launch Demo Server');
    const listening = workbench.notification(/Demo server is listening/);
    await listening.waitFor({ timeout: TIMEOUT.slow });
    await listening.getByRole('button', { name: 'Open Request Builder' }).click();
    const panel = workbench.webview();
    await panel.locator('#indicator-owner[data-light="green"]').waitFor({ timeout: TIMEOUT.slow });
    const running = await ownerChip(panel);
    const firstPid = pidIn(running.title);
    assert.ok(firstPid, `the chip names the listener: ${running.title}`);
    // The panel is titled after its method and socket.
    await workbench.page.locator('.tab').filter({ hasText: 'Echo · demo.sock' }).first().waitFor();

    await workbench.runCommand('gRPC IPC: Stop Server');
    await panel.locator('#indicator-owner[data-light="red"]').waitFor({ timeout: TIMEOUT.slow });
    const stopped = await ownerChip(panel);
    assert.equal(stopped.text, 'no socket');
    assert.match(stopped.title, /does not exist/);
    assert.equal(pidIn(stopped.title), undefined, 'no pid of a process that is gone');
    assert.notEqual(stopped.colour, running.colour, 'the light changed colour');
    await panel.locator('#send[disabled]').waitFor();
    await workbench.screenshot('indicator-after-stop');

    await workbench.runCommand('gRPC IPC: Restart Server');
    await panel.locator('#indicator-owner[data-light="green"]').waitFor({ timeout: TIMEOUT.slow });
    const restarted = await ownerChip(panel);
    assert.equal(restarted.text, 'expected owner');
    assert.equal(restarted.colour, running.colour);
    const secondPid = pidIn(restarted.title);
    assert.ok(secondPid && secondPid !== firstPid, `the chip names the new listener (${secondPid}), not the old one (${firstPid})`);
    await workbench.screenshot('indicator-after-restart');

    // The demo server is now among the recently used commands, which the palette lists first: the
    // exact title typed must still be the top row.
    await workbench.page.keyboard.press('F1');
    await workbench.page.locator('.quick-input-widget input').fill('>gRPC IPC: Start Server');
    const top = workbench.page.locator('.quick-input-list .monaco-list-row').first();
    await top.filter({ hasText: 'gRPC IPC: Start Server' }).waitFor({ timeout: TIMEOUT.ui });
    assert.doesNotMatch((await top.textContent()) ?? '', /Demo/);
    await workbench.page.keyboard.press('Escape');
  });
});

test(
  'owner policy "block": a socket owned by someone else is refused by the host, and nothing reaches it',
  { skip, timeout: 300_000 },
  async (t) => {
    // A spy on a socket: it counts connections and bytes, and never answers.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-spy-'));
    // Named like a well-known system socket, which discovery never probes: other tests on this machine run
    // discovery with probes, and their connections must not be counted as the host's.
    const socket = path.join(dir, 'mysqld.sock');
    const seen = { connections: 0, bytes: 0 };
    const open = new Set<net.Socket>();
    const spy = net.createServer((connection) => {
      seen.connections++;
      open.add(connection);
      connection.on('data', (chunk) => (seen.bytes += chunk.length)).on('error', () => undefined);
    });
    await new Promise<void>((resolve) => spy.listen(socket, resolve));
    t.after(async () => {
      // close() waits for open connections, which a spy that never answers would keep forever.
      for (const connection of open) connection.destroy();
      await new Promise<void>((resolve) => spy.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });
    const settings = { 'grpcIpc.owner.policy': 'block', 'grpcIpc.owner.expected': '4242424', 'grpcIpc.discovery.probe': false };
    await withWorkbench(t, { trust: 'trusted', settings }, async (workbench) => {
      await workbench.runCommand('gRPC IPC: Open Request Builder');
      const panel = workbench.webview();
      await panel.locator('#socket-path input').fill(socket);
      await panel.locator('#connect').click();
      await panel.locator('#indicator-owner[data-light="red"]').waitFor({ timeout: TIMEOUT.slow });
      const chip = await ownerChip(panel);
      assert.equal(chip.text, 'mismatch');
      assert.match(chip.title, /expected 4242424/);
      // "Load methods" runs reflection: the host refuses it, with the reason.
      await panel
        .locator('.method-picker')
        .getByText(/Nothing was sent/)
        .first()
        .waitFor({ timeout: TIMEOUT.slow });
      await panel.locator('#send[disabled]').waitFor();
      await panel.locator('#indicator-owner').click();
      await workbench.screenshot('owner-blocked');
      assert.deepEqual(seen, { connections: 0, bytes: 0 });
    });
  },
);
