/// <reference lib="dom" />
// Steps the request builder's e2e tests share: a demo server of the test's own, opening the builder
// from the palette, connecting, picking a method and typing a request as a user would.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { startDemoServer } from '../../../src/ipc/demo/server';
import { repoRoot } from './vsix';
import { TIMEOUT, type Workbench } from './workbench';

/** A demo server on a socket in a temp folder of this test; both go when the test ends. */
export async function demoOnSocket(t: TestContext): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  const socket = path.join(dir, 'demo.sock');
  const server = await startDemoServer({ listen: { kind: 'unix', path: socket } });
  t.after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return socket;
}

/** The panel's own frame, for measuring inside the page. */
export async function panelFrame(page: Page): Promise<Frame> {
  for (const frame of page.frames()) if (await frame.$('#request-editor').catch(() => null)) return frame;
  throw new Error('The panel frame is not there.');
}

/** Closes both side bars, so the editor group gets the whole 1400 px window. */
export async function wideEditor(workbench: Workbench): Promise<void> {
  await workbench.runCommand('View: Close Primary Side Bar').catch(() => undefined);
  // The secondary side bar's command is named differently across VS Code versions.
  if (await workbench.page.locator('.part.auxiliarybar').isVisible())
    await workbench.runCommand('View: Toggle Secondary Side Bar Visibility').catch(() => undefined);
}

/** When the page itself saw things happen: each figure in ms since the command ran (its Enter). */
export interface PageTimes {
  /** The editor took input, by the page's clock. */
  editor: number;
  /** The editor was first painted. */
  painted: number;
  /** The page began loading. */
  page: number;
  /** Its script was loaded. */
  script: number;
}

/** Opens the builder from the palette; resolves with the ms until its editor accepts typing. */
export function openBuilder(workbench: Workbench): Promise<{ panel: FrameLocator; readyMs: number; seenMs: number; times: PageTimes }> {
  return openTimed(workbench, 'gRPC IPC: Open Request Builder');
}

/**
 * Runs a palette command that opens a panel with the builder's timing marks (the builder, or the
 * blank webview of test/fixtures/blank-webview) and reads when its page saw each moment.
 */
export async function openTimed(
  workbench: Workbench,
  command: string,
): Promise<{ panel: FrameLocator; readyMs: number; seenMs: number; times: PageTimes }> {
  await workbench.runCommand(command);
  // From the Enter that ran the command (typing in the palette is not the builder's time).
  const started = Date.now();
  const panel = workbench.webview();
  await panel.locator('#request-editor .cm-content[contenteditable="true"]').waitFor({ timeout: TIMEOUT.slow });
  const seenMs = Date.now() - started;
  // Polling notices the editor late on a busy machine; the page's own clock (same system clock) says when.
  const frame = await panelFrame(workbench.page);
  await frame.waitForFunction(() => performance.getEntriesByName('grpc-ipc:editor-painted').length > 0);
  const inPage = await frame.evaluate(() => {
    const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('.js')) as
      PerformanceResourceTiming | undefined;
    // No helper functions in here: the test's compiler would wrap them in a name helper the page lacks.
    return {
      origin: performance.timeOrigin,
      ready: performance.getEntriesByName('grpc-ipc:editor-ready')[0]?.startTime ?? NaN,
      painted: performance.getEntriesByName('grpc-ipc:editor-painted')[0]?.startTime ?? NaN,
      scriptEnd: script?.responseEnd ?? NaN,
    };
  });
  const since = (pageMs: number) => Math.round(inPage.origin + pageMs - started);
  const times = { editor: since(inPage.ready), painted: since(inPage.painted), page: since(0), script: since(inPage.scriptEnd) };
  return { panel, readyMs: times.editor, seenMs, times };
}

/**
 * The blank webview fixture packaged into a temp folder of this test (removed when it ends), for
 * `alsoInstall`: VS Code's own cost of opening a webview, timed beside the builder's.
 */
export function blankWebviewVsix(t: TestContext): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gi-blank-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'blank-webview.vsix');
  const vsce = require.resolve('@vscode/vsce/vsce');
  const args = ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out];
  execFileSync(process.execPath, [vsce, ...args], { cwd: path.join(repoRoot, 'test/fixtures/blank-webview'), stdio: 'pipe' });
  return out;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export async function connect(panel: FrameLocator, socket: string): Promise<void> {
  await panel.locator('#socket-path input').fill(socket);
  await panel.locator('#connect').click();
  await panel.locator('button.method[data-method="grpcipc.demo.v1.Demo.Echo"]').waitFor({ timeout: TIMEOUT.slow });
}

export async function pickMethod(panel: FrameLocator, method: string): Promise<void> {
  // A pointer resting on the request's text opens its hover tooltip, which may cover the picker line.
  await panel.locator('body').hover({ position: { x: 2, y: 2 } });
  await panel.locator('.cm-tooltip-hover').waitFor({ state: 'hidden', timeout: TIMEOUT.ui });
  const current = panel.locator('#method-current[aria-expanded="false"]');
  if (await current.isVisible()) await current.click();
  await panel.locator(`button.method[data-method="grpcipc.demo.v1.Demo.${method}"]`).click();
  await panel.locator('#method-current').getByText(method).waitFor();
}

/** The builder in a wide editor area, connected to the demo on `socket`, with `method` picked. */
export async function builderOnMethod(workbench: Workbench, socket: string, method: string): Promise<FrameLocator> {
  await wideEditor(workbench);
  const { panel } = await openBuilder(workbench);
  await connect(panel, socket);
  await pickMethod(panel, method);
  return panel;
}

/** Replaces the editor's text by typing, as a user would (select all, then type). */
export async function typeRequest(page: Page, panel: FrameLocator, text: string, editor = '#request-editor'): Promise<void> {
  await panel.locator(`${editor} .cm-content`).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // Typed brackets and quotes would be closed twice by the editor; insert the text as one input.
  await page.keyboard.insertText(text);
}
