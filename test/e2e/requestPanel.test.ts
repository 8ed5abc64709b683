// The request panel in real VS Code against the demo server on a Unix socket: a unary call, a server
// stream with its live counter, the owner indicator, and pin-on-first-use with a changed certificate.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startDemoServer, type DemoServer } from '../../src/ipc/demo/server';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

/** A demo server on a socket in a fresh temp folder, stopped after the test. */
async function demoOnSocket(t: TestContext, tls?: 'self-signed'): Promise<{ socket: string; restart(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const socket = path.join(dir, 'demo.sock');
  let server: DemoServer = await startDemoServer({ listen: { kind: 'unix', path: socket }, tls });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    socket,
    async restart() {
      await server.close();
      server = await startDemoServer({ listen: { kind: 'unix', path: socket }, tls });
    },
  };
}

async function openPanel(workbench: Workbench): Promise<FrameLocator> {
  await workbench.runCommand('gRPC IPC: Open Request Builder');
  const panel = workbench.webview();
  await panel.locator('#connect').waitFor({ timeout: TIMEOUT.slow });
  return panel;
}

async function connect(panel: FrameLocator, socket: string): Promise<void> {
  await panel.locator('#socket-path input').fill(socket);
  await panel.locator('#connect').click();
}

async function methodsLoaded(panel: FrameLocator): Promise<void> {
  await panel.locator('button.method[data-method="grpcipc.demo.v1.Demo.Echo"]').waitFor({ timeout: TIMEOUT.slow });
}

async function pickMethod(panel: FrameLocator, method: string, request?: string): Promise<void> {
  // Once a method is chosen the list folds into one line; open it to choose another.
  const current = panel.locator('#method-current[aria-expanded="false"]');
  if (await current.isVisible()) await current.click();
  await panel.locator(`button.method[data-method="grpcipc.demo.v1.Demo.${method}"]`).click();
  const editor = panel.locator('#request-editor .cm-content');
  await editor.waitFor();
  if (request) await editor.fill(request);
  // Send is enabled once the host's validator has accepted the request.
  await panel.locator('#send:not([disabled])').waitFor();
}

/** Switches the color theme through its picker (Ctrl+K Ctrl+T), as a user would. */
async function setTheme(workbench: Workbench, theme: string): Promise<void> {
  const { page } = workbench;
  // Keys typed inside the webview would go to it first; give the workbench the focus.
  await page.locator('.part.sidebar').click();
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(theme.replace(/^Default /, ''));
  await page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ hasText: theme.replace(/^Default /, '') })
    .first()
    .click();
  await page.locator('.monaco-workbench.vs').waitFor({ timeout: TIMEOUT.ui });
}

test('unary and server-streaming calls on the demo socket, with a green owner indicator', { skip, timeout: 300_000 }, async (t) => {
  const demo = await demoOnSocket(t);
  await withWorkbench(t, { trust: 'trusted', settings: { 'workbench.colorTheme': 'Default Dark Modern' } }, async (workbench) => {
    const panel = await openPanel(workbench);
    await connect(panel, demo.socket);
    await methodsLoaded(panel);
    await panel.locator('#indicator-owner[data-light="green"]').waitFor();
    assert.match((await panel.locator('#indicator-owner').getAttribute('title')) ?? '', /Listening: pid \d+/);
    await panel
      .locator('#source-used')
      .getByText(/server reflection/)
      .waitFor();

    await pickMethod(panel, 'Echo', '{ "message": "hello from the panel" }');
    await panel.locator('#request-editor .cm-content').press('Control+Enter');
    await panel.locator('#call-status.ok').getByText('OK (0)').waitFor({ timeout: TIMEOUT.slow });
    assert.match((await panel.locator('#response-json').textContent()) ?? '', /"message": "hello from the panel"/);
    await workbench.screenshot('request-panel-dark');

    await pickMethod(panel, 'Countdown', '{ "count": 300, "interval": "0.005s" }');
    await panel.locator('#send').click();
    // The counter moves while the stream runs, then settles on the total.
    await panel
      .locator('#message-counter')
      .getByText(/\d+ received/)
      .waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#message-counter').getByText('300 received').waitFor();
    assert.ok((await panel.locator('.vrow').count()) > 0);

    await setTheme(workbench, 'Default Light Modern');
    await workbench.screenshot('request-panel-light');
  });
});

test('pin on first use, then a new server certificate blocks the call', { skip, timeout: 300_000 }, async (t) => {
  const demo = await demoOnSocket(t, 'self-signed');
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    const panel = await openPanel(workbench);
    await panel.locator('#tls-toggle').click();
    await connect(panel, demo.socket);
    const certificate = panel.locator('#indicator-certificate');
    await certificate.waitFor({ timeout: TIMEOUT.slow });
    await certificate.locator('.chip-state').getByText('not pinned').waitFor({ timeout: TIMEOUT.slow });
    await certificate.click();
    // Without a CA the self-signed chain fails, so reflection is refused until the certificate is pinned.
    await panel
      .locator('.method-picker .problem')
      .getByText(/did not verify/)
      .waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#pin-certificate').click();
    await certificate.locator('.chip-state').getByText('pinned, matches').waitFor();
    await methodsLoaded(panel);

    await pickMethod(panel, 'Echo', '{ "message": "pinned" }');
    await panel.locator('#send').click();
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });

    await demo.restart();
    await panel.locator('#send').click();
    await panel.locator('#call-status.error').waitFor({ timeout: TIMEOUT.slow });
    await panel
      .locator('#response-problem')
      .getByText(/does not match the pin/)
      .waitFor();
    await panel.locator('#indicator-certificate[data-light="red"]').waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#send[disabled]').waitFor();
    assert.match((await panel.locator('#send').getAttribute('title')) ?? '', /does not match the pin/);
    await workbench.screenshot('request-panel-pin-mismatch');
  });
});
