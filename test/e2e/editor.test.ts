/// <reference lib="dom" />
// The request editor's keys and the panel's split, in real VS Code against the demo server: Shift+Alt+F
// formats, a "Not sent" note stays until the user changes something, the split between request and
// response follows a drag and keeps it across a reload of the webview, and an interactive Chat sends
// one message at a time (Ctrl+Enter and Send next) while the stream stays open.
// (The DOM types above are for the functions evaluated inside the page.)
import { strict as assert } from 'node:assert';
import { after, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { builderOnMethod, demoOnSocket, panelFrame, typeRequest } from '../helpers/e2e/builder';
import { chromiumMissingReason, sharedWorkbench, TIMEOUT } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
const workbench = sharedWorkbench({ trust: 'trusted', settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
after(() => workbench.close());

/** The request editor's text, line by line as CodeMirror shows it. */
async function editorText(panel: FrameLocator): Promise<string> {
  return (await panel.locator('#request-editor .cm-line').allTextContents()).join('\n');
}

async function paneWidths(panel: FrameLocator): Promise<{ request: number; response: number }> {
  const request = await panel.locator('.pane-request').boundingBox();
  const response = await panel.locator('.pane-response').boundingBox();
  assert.ok(request && response, 'both panes are shown');
  return { request: request.width, response: response.width };
}

test('Shift+Alt+F formats a one-line JSON body in the editor', { skip, timeout: 300_000 }, async (t) => {
  const socket = await demoOnSocket(t);
  await workbench.use(t, async (bench) => {
    const { page } = bench;
    const panel = await builderOnMethod(bench, socket, 'Echo');
    const body = { message: 'format me', sample: { mood: 'MOOD_HAPPY', words: ['a', 'b'] } };
    await typeRequest(page, panel, JSON.stringify(body));
    assert.equal(await panel.locator('#request-editor .cm-line').count(), 1);
    await page.keyboard.press('Shift+Alt+F');
    await panel.locator('#request-editor .cm-line').nth(4).waitFor({ timeout: TIMEOUT.ui });
    assert.equal(await editorText(panel), JSON.stringify(body, null, 2));
    await bench.screenshot('builder-format');
    // One undo brings the line back: Format is one edit.
    await page.keyboard.press('Control+Z');
    await panel.locator('#request-editor .cm-line').nth(1).waitFor({ state: 'detached', timeout: TIMEOUT.ui });
    assert.equal(await editorText(panel), JSON.stringify(body));
  });
});

test('a "Not sent" note stays until the user changes something', { skip, timeout: 300_000 }, async (t) => {
  const socket = await demoOnSocket(t);
  await workbench.use(t, async (bench) => {
    const { page } = bench;
    const panel = await builderOnMethod(bench, socket, 'Echo');
    const frame = await panelFrame(page);
    // Every text the note shows, in order.
    await frame.evaluate(() => {
      const note = document.getElementById('send-status')!;
      const shown: string[] = [];
      (window as unknown as { noteTexts: string[] }).noteTexts = shown;
      new MutationObserver(() => shown.push(note.textContent ?? '')).observe(note, { childList: true, characterData: true, subtree: true });
    });
    // Sent at once after typing: the check typing scheduled answers after the note, and refreshes the bar.
    await typeRequest(page, panel, '{ "message": "hi", "nope": 1 }');
    await page.keyboard.press('Control+Enter');
    const note = panel.locator('#send-status');
    await note.getByText(/^Not sent: The request has 1 problem/).waitFor({ timeout: TIMEOUT.ui });
    // Long enough for that check (200 ms after the last key) and its refresh to have happened.
    await page.waitForTimeout(2_000);
    assert.match((await note.textContent()) ?? '', /^Not sent: /);
    const shown = await frame.evaluate(() => (window as unknown as { noteTexts: string[] }).noteTexts);
    const first = shown.findIndex((text) => text.startsWith('Not sent: '));
    assert.deepEqual(
      shown.slice(first).filter((text) => !text.startsWith('Not sent: ')),
      [],
      `the note showed ${JSON.stringify(shown)}`,
    );
    // A change of the request ends the note; the block's reason shows instead.
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await panel
      .locator('#send-status')
      .getByText(/^The request has 1 problem/)
      .waitFor({ timeout: TIMEOUT.ui });
  });
});

test(
  'Chat, one message at a time: Ctrl+Enter and Send next while the stream stays open, End stream ends it',
  { skip, timeout: 300_000 },
  async (t) => {
    const socket = await demoOnSocket(t);
    await workbench.use(t, async (bench) => {
      const { page } = bench;
      const panel = await builderOnMethod(bench, socket, 'Chat');
      await panel.locator('#interactive').click();
      await panel.locator('#send-next').waitFor();
      await typeRequest(page, panel, '{ "text": "first" }');
      // Send opens the stream and sends nothing yet; the server's welcome arrives.
      await panel.locator('#send').click();
      await panel.locator('#call-status.running').waitFor({ timeout: TIMEOUT.ui });
      const received = panel.locator('.vrow.received');
      await received.filter({ hasText: 'Welcome' }).waitFor({ timeout: TIMEOUT.ui });
      assert.equal(await panel.locator('.vrow.sent').count(), 0);

      await panel.locator('#request-editor .cm-content').click();
      await page.keyboard.press('Control+Enter');
      await received.filter({ hasText: 'You said: first' }).waitFor({ timeout: TIMEOUT.ui });
      await typeRequest(page, panel, '{ "text": "second" }');
      await panel.locator('#send-next').click();
      await received.filter({ hasText: 'You said: second' }).waitFor({ timeout: TIMEOUT.ui });
      // Still open: both sent, each answered, no goodbye yet.
      assert.equal(await panel.locator('#call-status.running').count(), 1);
      const sent = await panel.locator('.vrow.sent').allTextContents();
      assert.equal(sent.length, 2, sent.join('\n'));
      assert.match(sent[0], /^→#1.*"first"/);
      assert.match(sent[1], /^→#2.*"second"/);
      assert.equal(await received.filter({ hasText: 'Goodbye after' }).count(), 0);
      const rows = await panel.locator('.vrow').allTextContents();
      assert.deepEqual(
        rows.map((row) => row[0]),
        ['←', '→', '←', '→', '←'],
        rows.join('\n'),
      );
      // Times since the call started, on one clock: each answer after the message it answers.
      const times = (await panel.locator('.vrow .vtime').allTextContents()).map((text) =>
        text.endsWith(' ms') ? Number.parseFloat(text) : Number.parseFloat(text) * 1000,
      );
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        rows.join('\n'),
      );
      await bench.screenshot('builder-send-next');

      await panel.locator('#end-stream').click();
      await panel
        .locator('#call-status.ok')
        .getByText(/^OK \(0\)/)
        .waitFor({ timeout: TIMEOUT.ui });
      await received.filter({ hasText: 'Goodbye after 2 message(s).' }).waitFor();
    });
  },
);

test('dragging the split changes the pane widths, and a reload of the webview keeps them', { skip, timeout: 300_000 }, async (t) => {
  const socket = await demoOnSocket(t);
  await workbench.use(t, async (bench) => {
    const { page } = bench;
    const panel = await builderOnMethod(bench, socket, 'Echo');
    const before = await paneWidths(panel);
    const splitter = panel.locator('.splitter');
    const box = await splitter.boundingBox();
    assert.ok(box, 'the splitter is shown');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(box.x - 250, y, { steps: 10 });
    await page.mouse.up();
    const dragged = await paneWidths(panel);
    assert.ok(dragged.request < before.request - 200, `request ${before.request} → ${dragged.request}`);
    assert.ok(dragged.response > before.response + 200, `response ${before.response} → ${dragged.response}`);
    const share = Number(await splitter.getAttribute('aria-valuenow'));
    assert.ok(share < 40, `the splitter says ${share}%`);
    await bench.screenshot('builder-split-dragged');

    const text = await editorText(panel);
    // The old page shows Echo too: mark it, and read the split only once a page without the mark is there.
    await (await panelFrame(page)).evaluate(() => document.body.setAttribute('data-before-reload', ''));
    // Run the command from the workbench, not from inside the page, which holds the focus after the drag.
    await page.locator('.part.statusbar').click();
    await bench.runCommand('Developer: Reload Webviews');
    await panel.locator('body[data-before-reload]').waitFor({ state: 'detached', timeout: TIMEOUT.slow });
    // The rebuilt page connects again from its saved state and puts the method back.
    await panel.locator('#method-current').getByText('Echo').waitFor({ timeout: TIMEOUT.slow });
    assert.equal(Number(await panel.locator('.splitter').getAttribute('aria-valuenow')), share);
    const reloaded = await paneWidths(panel);
    assert.ok(Math.abs(reloaded.request - dragged.request) < 2, `request ${dragged.request} → ${reloaded.request} after the reload`);
    // The request the page showed comes back as it was (the editor may still be filling in its lines).
    const until = Date.now() + TIMEOUT.ui;
    let after = await editorText(panel);
    while (after !== text && Date.now() < until) {
      await page.waitForTimeout(200);
      after = await editorText(panel);
    }
    assert.equal(after, text);
    await bench.screenshot('builder-split-reloaded');
    // The reloaded page keeps the focus; close the panel here, so the next test opens a new one.
    await page.locator('.part.statusbar').click();
    await bench.runCommand('View: Close All Editors');
    await page.locator('iframe.webview').first().waitFor({ state: 'detached', timeout: TIMEOUT.ui });
  });
});
