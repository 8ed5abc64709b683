/// <reference lib="dom" />
// The request builder as a user meets it, in real VS Code against the demo server: schema completion
// and hover in the editor, a squiggle that blocks Send, Ctrl+Enter, the two-pane layout at 1400×900 and
// stacked when narrow, the Chat transcript, a call made with the keyboard alone, and the contrast of
// every text in both high-contrast themes. Prints the figures `npm run bench` reports.
// (The DOM types above are for the functions evaluated inside the page.)
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import {
  blankWebviewVsix,
  connect,
  demoOnSocket,
  median,
  openBuilder,
  openTimed,
  panelFrame,
  pickMethod,
  type PageTimes,
  typeRequest,
  wideEditor,
} from '../helpers/e2e/builder';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';
import { lowContrastTexts } from '../helpers/e2e/contrast';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

/** Keeps the measured figures for `npm run bench` (bench/webview.bench.mjs reads them). */
function recordFigures(figures: Record<string, number>): void {
  const file = path.resolve(__dirname, '../../bench/out/builder-e2e.json');
  mkdirSync(path.dirname(file), { recursive: true });
  const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...before, ...figures, at: new Date().toISOString() }, null, 2));
}

/**
 * Ctrl+Space, pressed again if the list closed: the validation that follows typing redraws the editor,
 * and on two busy cores a popup opened in the same moment can close with it.
 */
async function openCompletion(page: Page, completion: Locator): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('Control+Space');
    if (
      await completion.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      )
    )
      return;
  }
}

/** Waits until the element with this id has the keyboard focus inside the panel. */
async function focusOn(panel: FrameLocator, id: string): Promise<void> {
  const deadline = Date.now() + TIMEOUT.slow;
  let active = '';
  while (Date.now() < deadline) {
    active = await panel.locator('body').evaluate(() => document.activeElement?.id ?? '');
    if (active === id) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`The focus is on "${active || 'nothing'}", not on #${id}.`);
}

async function setTheme(workbench: Workbench, theme: string, bodyClass: string): Promise<void> {
  const { page } = workbench;
  await page.locator('.part.titlebar, .part.statusbar').first().click();
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: theme }).first().click();
  await page.locator(`.monaco-workbench.${bodyClass}`).waitFor({ timeout: TIMEOUT.ui });
}

test('completion, hover, a squiggle that blocks Send, Ctrl+Enter and the two-pane layout', { skip, timeout: 420_000 }, async (t) => {
  const socket = await demoOnSocket(t);
  const options = {
    trust: 'trusted' as const,
    settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    alsoInstall: [blankWebviewVsix(t)],
  };
  await withWorkbench(t, options, async (workbench) => {
    const { page } = workbench;
    await wideEditor(workbench);
    const { panel, readyMs, seenMs, times } = await openBuilder(workbench);
    console.log(
      `# bench: builder command to interactive editor ${readyMs} ms, painted at ${times.painted} ms (page loading from ${times.page} ms, script loaded at ${times.script} ms; the test saw the editor at ${seenMs} ms)`,
    );
    recordFigures({ openToEditorMs: readyMs, openToPaintedMs: times.painted, pageToEditorMs: readyMs - times.page });
    await connect(panel, socket);
    await pickMethod(panel, 'Echo');
    // Picking a method puts the caret in the request editor.
    assert.equal(await panel.locator('#request-editor .cm-content').evaluate((node) => node.contains(document.activeElement)), true);

    // Keys the editor acts on stay in the page: the frame VS Code wraps it in passes what reaches the window
    // to the workbench, whose select all (Ctrl+A) comes back a round trip later, over the text typed since.
    const frame = await panelFrame(page);
    await frame.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenKeys: string[] }).seenKeys = seen;
      window.addEventListener('keydown', (event) => event.ctrlKey && event.key !== 'Control' && seen.push(event.key));
    });
    await typeRequest(page, panel, '{\n  "sample": {\n    "\n  }\n}');
    assert.deepEqual(await frame.evaluate(() => (window as unknown as { seenKeys: string[] }).seenKeys), []);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('End');
    const completion = panel.locator('.cm-tooltip-autocomplete');
    // Let the check of the typed text finish first: its redraw would close a list opened meanwhile.
    await panel
      .locator('#request-problems')
      .getByText(/line 3/)
      .waitFor({ timeout: TIMEOUT.ui });
    await openCompletion(page, completion);
    await completion.getByText('unsignedBig').waitFor({ timeout: TIMEOUT.ui });
    await completion.getByText('createdAt').waitFor();
    await workbench.screenshot('builder-completion');
    await page.keyboard.press('Escape');

    await typeRequest(page, panel, '{ "sample": { "mood": "" } }');
    await page.keyboard.press('End');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await panel.locator('#request-problems').getByText(/mood/).waitFor({ timeout: TIMEOUT.ui });
    await openCompletion(page, completion);
    await completion.getByText('MOOD_CURIOUS').waitFor({ timeout: TIMEOUT.ui });
    await page.keyboard.press('Escape');

    await typeRequest(page, panel, '{ "failWithCode": 3, "sample": { "big": "12" } }');
    await panel.locator('#request-editor .cm-line').getByText('"big"').hover();
    const hover = panel.locator('.cm-tooltip-hover');
    await hover.getByText('int64').waitFor({ timeout: TIMEOUT.ui });
    // The field's comment in demo.proto, which the demo server's reflection carries.
    await panel.locator('#request-editor .cm-line').getByText('"failWithCode"').hover();
    await hover.getByText('When non-zero, the call fails with this gRPC status code').waitFor({ timeout: TIMEOUT.ui });
    await workbench.screenshot('builder-hover');

    await typeRequest(page, panel, '{ "message": "hi", "nope": 1 }');
    await panel.locator('#request-editor .cm-lintRange-error').getByText('"nope"').waitFor({ timeout: TIMEOUT.ui });
    await panel.locator('#send[disabled]').waitFor();
    await panel
      .locator('#request-problems')
      .getByText(/unknown field "nope"/)
      .waitFor();

    // Fixed and sent at once: the key press waits for the check instead of being lost to it.
    await typeRequest(page, panel, '{ "message": "hello from the keyboard" }');
    await page.keyboard.press('Control+Enter');
    await panel
      .locator('#call-status.ok')
      .getByText(/OK \(0\) · \d/)
      .waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#response-json .cm-content').getByText('hello from the keyboard').waitFor();
    assert.equal(await panel.locator('.cm-lintRange-error').count(), 0);

    // At 1400×900 the response is in view without scrolling, beside the request.
    assert.deepEqual(page.viewportSize(), { width: 1400, height: 900 });
    const box = await panel.locator('#response-json').boundingBox();
    const frameBox = await page.locator('iframe.webview').first().boundingBox();
    assert.ok(
      box && frameBox && box.y + box.height <= frameBox.height,
      `response at ${JSON.stringify(box)} in ${JSON.stringify(frameBox)}`,
    );
    assert.equal(await panel.locator('#panes').evaluate((node) => getComputedStyle(node).display), 'grid');
    const request = await panel.locator('.pane-request').boundingBox();
    const response = await panel.locator('.pane-response').boundingBox();
    assert.ok(request && response && response.x > request.x + request.width - 1, 'request left, response right');
    await workbench.screenshot('builder-wide-dark');

    // Another method never shows the previous one's response, and each method keeps its draft.
    await pickMethod(panel, 'Countdown');
    await panel.locator('.empty-response').waitFor();
    assert.equal(await panel.locator('#response-json').isVisible(), false);
    await pickMethod(panel, 'Echo');
    await panel.locator('#request-editor .cm-content').getByText('hello from the keyboard').waitFor();

    // Editing the socket path blocks Send; typing it back unblocks it without another Connect.
    await panel.locator('#target-summary').click();
    const socketPath = panel.locator('#socket-path input');
    await socketPath.fill(`${socket}x`);
    await panel.locator('#send[disabled]').waitFor();
    await socketPath.fill(socket);
    await panel.locator('#send:not([disabled])').waitFor();
    await panel.locator('#target-summary').click();

    await setTheme(workbench, 'Light Modern', 'vs');
    await workbench.screenshot('builder-wide-light');

    // Narrower than 900 px: the panes stack, request above response.
    await page.setViewportSize({ width: 880, height: 900 });
    await panel
      .locator('#panes')
      .evaluate((node) => getComputedStyle(node).display === 'block' || Promise.reject(new Error('not stacked')));
    const stackedRequest = await panel.locator('.pane-request').boundingBox();
    const stackedResponse = await panel.locator('.pane-response').boundingBox();
    assert.ok(stackedRequest && stackedResponse && stackedResponse.y >= stackedRequest.y + stackedRequest.height - 1, 'stacked');
    await workbench.screenshot('builder-narrow');
    await page.setViewportSize({ width: 1400, height: 900 });

    // Opened again in a warm window (extension active, bundles cached): the figure a user meets each day.
    // The median of five, since one open on two shared cores swings by hundreds of ms. Each open is
    // followed by one of a blank webview built the same way (test/fixtures/blank-webview): what VS Code
    // itself takes to show any webview, measured in the same window and the same minutes.
    const warm: PageTimes[] = [];
    const blank: PageTimes[] = [];
    await workbench.runCommand('View: Close All Editors');
    await openTimed(workbench, 'Blank Webview: Open'); // activates the fixture, as the builder's first open did ours
    for (let i = 0; i < 5; i++) {
      await workbench.runCommand('View: Close All Editors');
      const { times: again } = await openBuilder(workbench);
      warm.push(again);
      await workbench.runCommand('View: Close All Editors');
      const { times: baseline } = await openTimed(workbench, 'Blank Webview: Open');
      blank.push(baseline);
      console.log(
        `# bench: warm open ${i + 1}: editor at ${again.editor} ms, painted at ${again.painted} ms (page loading from ${again.page} ms, script loaded at ${again.script} ms); blank webview at ${baseline.editor} ms`,
      );
    }
    const editor = median(warm.map((times) => times.editor));
    const painted = median(warm.map((times) => times.painted));
    const blankMs = median(blank.map((times) => times.editor));
    console.log(
      `# bench: builder command to interactive editor, warm, median of 5: ${editor} ms, painted ${painted} ms; a blank webview ${blankMs} ms (ratio ${(editor / blankMs).toFixed(2)})`,
    );
    recordFigures({ openToEditorWarmMs: editor, openToPaintedWarmMs: painted, blankWebviewWarmMs: blankMs });
  });
});

test(
  'Chat shows a transcript of what was sent and received; a 100k stream keeps the editor responsive',
  { skip, timeout: 420_000 },
  async (t) => {
    const socket = await demoOnSocket(t);
    await withWorkbench(t, { trust: 'trusted', settings: { 'workbench.colorTheme': 'Default Dark Modern' } }, async (workbench) => {
      const { page } = workbench;
      await wideEditor(workbench);
      const { panel } = await openBuilder(workbench);
      await connect(panel, socket);
      await pickMethod(panel, 'Chat');
      await typeRequest(page, panel, '{ "text": "first", "mood": "MOOD_HAPPY" }');
      await panel.locator('#add-message').click();
      await typeRequest(page, panel, '{ "text": "second" }', '.stream-message:nth-child(2)');
      await panel.locator('#send:not([disabled])').waitFor();
      await panel.locator('#send').click();
      await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
      await panel.locator('.vrow.sent').first().waitFor();
      assert.equal(await panel.locator('.vrow.sent').count(), 2);
      assert.ok((await panel.locator('.vrow.received').count()) >= 3, 'a welcome, two answers and a goodbye');
      const rows = await panel.locator('.vrow').allTextContents();
      assert.match(rows[0], /^→#1/);
      assert.ok(
        rows.every((row) => /#\d+[\d.]+ m?s\d+(\.\d)? (B|KiB)/.test(row)),
        rows.join('\n'),
      );
      await panel.locator('.vrow.received').last().click();
      await panel
        .locator('#response-json .cm-content')
        .getByText(/goodbye|bye/i)
        .waitFor();
      await workbench.screenshot('builder-transcript');

      // 100k messages as fast as flow control allows: count the host's posts and time keys to paint.
      await pickMethod(panel, 'Countdown');
      await typeRequest(page, panel, '{ "count": 100000, "interval": "0s" }');
      // 100k messages take longer than the default 10 s deadline on two shared cores.
      await panel.locator('.options summary').click();
      await panel.locator('vscode-textfield[aria-label="Deadline in seconds"] input').fill('300');
      await panel.locator('.options summary').click();
      const frame = await panelFrame(page);
      await frame.evaluate(() => {
        const w = window as unknown as { posts: number[]; latencies: number[] };
        w.posts = [];
        w.latencies = [];
        window.addEventListener('message', (event) => event.data?.type === 'callEvents' && w.posts.push(performance.now()));
        document.addEventListener(
          'keydown',
          () => {
            const down = performance.now();
            requestAnimationFrame(() => setTimeout(() => w.latencies.push(performance.now() - down)));
          },
          true,
        );
      });
      await panel.locator('#send').click();
      await panel
        .locator('#message-counter')
        .getByText(/\d{4,} received/)
        .waitFor({ timeout: TIMEOUT.slow });
      await panel.locator('#request-editor .cm-content').click();
      await page.keyboard.press('End');
      for (let i = 0; i < 10; i++) await page.keyboard.type(' ', { delay: 50 });
      await panel.locator('#call-status.ok').waitFor({ timeout: 240_000 });
      await panel.locator('#message-counter').getByText('100000 received').waitFor();
      const figures = await frame.evaluate(() => {
        const w = window as unknown as { posts: number[]; latencies: number[] };
        const seconds = (w.posts[w.posts.length - 1] - w.posts[0]) / 1000;
        const sorted = [...w.latencies].sort((a, b) => a - b);
        return {
          posts: w.posts.length,
          seconds,
          perSecond: w.posts.length / seconds,
          medianMs: sorted[sorted.length >> 1],
          maxMs: sorted[sorted.length - 1],
        };
      });
      console.log(
        `# bench: 100k stream ${figures.posts} posts in ${figures.seconds.toFixed(1)} s = ${figures.perSecond.toFixed(1)} posts/s`,
      );
      console.log(
        `# bench: input to paint during the stream, median ${figures.medianMs.toFixed(1)} ms, max ${figures.maxMs.toFixed(1)} ms`,
      );
      recordFigures({
        postsPerSecond: Math.round(figures.perSecond * 10) / 10,
        inputToPaintMedianMs: Math.round(figures.medianMs * 10) / 10,
        inputToPaintMaxMs: Math.round(figures.maxMs * 10) / 10,
      });
      assert.equal(await panel.locator('#request-editor .cm-content').textContent(), '{ "count": 100000, "interval": "0s" }          ');
    });
  },
);

test('a whole call with the keyboard alone', { skip, timeout: 300_000 }, async (t) => {
  const socket = await demoOnSocket(t);
  await withWorkbench(t, { trust: 'trusted', settings: { 'workbench.colorTheme': 'Default Dark Modern' } }, async (workbench) => {
    const { page } = workbench;
    await page.keyboard.press('F1');
    await page.keyboard.insertText('gRPC IPC: Open Request Builder');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Open Request Builder' }).first().waitFor();
    await page.keyboard.press('Enter');
    const panel = workbench.webview();
    // The caret starts in the socket path; Enter connects.
    await focusOn(panel, 'socket-path');
    await page.keyboard.insertText(socket);
    await page.keyboard.press('Enter');
    // Methods loaded: the caret is in the method search; Enter picks the first match.
    await focusOn(panel, 'method-search');
    await page.keyboard.insertText('Demo.Echo');
    await page.keyboard.press('Enter');
    await panel.locator('#request-editor .cm-content:focus').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ "message": "no mouse" }');
    await page.keyboard.press('Control+Enter');
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    assert.match((await panel.locator('#call-status').textContent()) ?? '', /^OK \(0\) · \d/);
    await panel.locator('#response-json .cm-content').getByText('no mouse').waitFor();

    // Escape cancels a call in flight.
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{ "message": "slow", "delay": "30s" }');
    await page.keyboard.press('Control+Enter');
    await panel.locator('#call-status.running').waitFor();
    await page.keyboard.press('Escape');
    await panel
      .locator('#call-status.error')
      .getByText(/CANCELLED/)
      .waitFor({ timeout: TIMEOUT.ui });
    await workbench.screenshot('keyboard-only-call');
  });
});

test(
  'every text of the panel has AA contrast in both high-contrast themes and the default light and dark',
  { skip, timeout: 300_000 },
  async (t) => {
    const socket = await demoOnSocket(t);
    await withWorkbench(t, { trust: 'trusted', settings: { 'workbench.colorTheme': 'Default High Contrast' } }, async (workbench) => {
      await wideEditor(workbench);
      const { panel } = await openBuilder(workbench);
      await connect(panel, socket);
      await pickMethod(panel, 'Echo');
      await panel.locator('#send:not([disabled])').click();
      await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
      // A failed call, then an OK one: the recent calls hold both colours, and are checked too.
      await typeRequest(workbench.page, panel, '{ "failWithCode": 3 }');
      await panel.locator('#send:not([disabled])').click();
      await panel.locator('#call-status.error').waitFor({ timeout: TIMEOUT.slow });
      await typeRequest(workbench.page, panel, '{ "message": "contrast" }');
      await panel.locator('#send:not([disabled])').click();
      await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
      await panel.locator('details.recent summary').click();
      await panel.locator('#history .history-code.error').first().waitFor({ timeout: TIMEOUT.ui });
      await panel.locator('#history .history-code.ok').first().waitFor({ timeout: TIMEOUT.ui });
      for (const [theme, bodyClass, shot] of [
        ['Dark High Contrast', 'hc-black', 'panel-hc-dark'],
        ['Light High Contrast', 'hc-light', 'panel-hc-light'],
        ['Light Modern', 'vs', 'panel-light'],
        ['Dark Modern', 'vs-dark', 'panel-dark'],
      ]) {
        if (bodyClass !== 'hc-black') await setTheme(workbench, theme, bodyClass);
        await panel.locator('#indicator-owner[data-light="green"]').waitFor();
        const low = await lowContrastTexts(panel);
        console.log(`# contrast ${theme}: ${low.checked} texts checked, lowest ${low.lowest.toFixed(2)}:1`, JSON.stringify(low.failures));
        await workbench.screenshot(shot);
        assert.deepEqual(low.failures, [], `${theme}: texts under 4.5:1`);
      }
    });
  },
);
