// The Getting Started walkthrough in real VS Code: each step's own button does what the step says, and
// the step is ticked when that really happened (the demo server runs, the builder opened, a call came
// back OK), through the completion events in package.json. Step 3 shows plain words, no Markdown code marks.
import { strict as assert } from 'node:assert';
import { after, test } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

const WALKTHROUGH = 'Get started with gRPC IPC';

/** A step of the walkthrough by its id in package.json (VS Code prefixes it with the extension and walkthrough ids). */
function step(page: Page, id: string) {
  return page.locator(`button.getting-started-step[data-step-id$="#${id}"]`);
}

async function openWalkthrough(workbench: Workbench): Promise<void> {
  await workbench.runCommand('Welcome: Open Walkthrough...');
  const input = workbench.page.locator('.quick-input-widget input');
  await input.fill(WALKTHROUGH);
  await workbench.page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ hasText: WALKTHROUGH })
    .first()
    .waitFor({ timeout: TIMEOUT.ui });
  await workbench.page.keyboard.press('Enter');
  await step(workbench.page, 'startDemo').waitFor({ timeout: TIMEOUT.slow });
}

/** Brings the walkthrough's tab to the front again (the builder opens beside it). */
async function showWalkthrough(workbench: Workbench): Promise<void> {
  await workbench.page
    .locator('.tabs-container .tab')
    .filter({ hasText: /Welcome|Walkthrough/ })
    .first()
    .click();
  await step(workbench.page, 'startDemo').waitFor({ timeout: TIMEOUT.ui });
}

/** Opens a step and clicks the button its description offers. */
async function runStep(page: Page, id: string, buttonName: string): Promise<void> {
  const row = step(page, id);
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await row
    .getByRole('button', { name: buttonName })
    .or(row.getByRole('link', { name: buttonName }))
    .first()
    .click();
}

async function waitUntilDone(page: Page, id: string): Promise<void> {
  await step(page, id)
    .and(page.locator('[aria-checked="true"]'))
    .waitFor({ timeout: TIMEOUT.slow })
    .catch(async () => {
      throw new Error(`The walkthrough step "${id}" is not ticked: aria-checked=${await step(page, id).getAttribute('aria-checked')}.`);
    });
}

/** The request builder's frame: the webview that holds the request editor (the walkthrough has webviews too). */
async function builderPanel(page: Page): Promise<FrameLocator> {
  const deadline = Date.now() + TIMEOUT.slow;
  for (;;) {
    const frames = page.locator('iframe.webview');
    for (let i = 0; i < (await frames.count()); i++) {
      const inner = frames.nth(i).contentFrame().locator('#active-frame').contentFrame();
      if ((await inner.locator('#request-editor').count()) > 0) return inner;
    }
    if (Date.now() > deadline) throw new Error('The request builder did not open.');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('each walkthrough step is ticked when its action happens, and step 3 sends a call', { skip, timeout: 400_000 }, async (t) => {
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    const { page } = workbench;
    await openWalkthrough(workbench);
    for (const id of ['startDemo', 'openBuilder', 'sendCall'])
      assert.equal(await step(page, id).getAttribute('aria-checked'), 'false', `${id} starts unticked`);

    // 1. The demo server: ticked once it listens, not when the button is clicked.
    await runStep(page, 'startDemo', 'Launch Demo Server');
    await workbench.notification(/Demo server is listening/).waitFor({ timeout: TIMEOUT.slow });
    await waitUntilDone(page, 'startDemo');
    assert.equal(await step(page, 'sendCall').getAttribute('aria-checked'), 'false', 'no call was made yet');

    // 2. The builder.
    await runStep(page, 'openBuilder', 'Open Request Builder');
    await builderPanel(page);
    await showWalkthrough(workbench);
    await waitUntilDone(page, 'openBuilder');

    // 3. Plain words, and a button that sends Echo to the demo server and shows OK.
    const third = step(page, 'sendCall');
    if ((await third.getAttribute('aria-expanded')) !== 'true') await third.click();
    const words = (await third.innerText()).trim();
    assert.doesNotMatch(words, /`/, `step 3 shows Markdown code marks: ${words}`);
    await runStep(page, 'sendCall', 'Send a Call to Echo');
    const panel = await builderPanel(page);
    await panel
      .locator('#call-status.ok')
      .getByText(/OK \(0\)/)
      .waitFor({ timeout: TIMEOUT.slow });
    await showWalkthrough(workbench);
    await waitUntilDone(page, 'sendCall');
    for (const id of ['startDemo', 'openBuilder', 'sendCall'])
      assert.equal(await step(page, id).getAttribute('aria-checked'), 'true', `${id} is ticked`);
    await workbench.screenshot('walkthrough-complete');
  });
});
