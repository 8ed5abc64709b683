// Drives a real VS Code workbench (code-server) in Debian's Chromium through playwright-core.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../../../scripts/tools.mjs';
import { startCodeServer, type CodeServer } from './codeServer';
import { contributedCommandTitles } from './manifest';
import { ensureVsix, repoRoot } from './vsix';

export const screenshotDir = path.join(repoRoot, 'test', 'e2e', 'screenshots');

/** Generous waits: two shared cores, a cold workbench and an extension host starting up. */
export const TIMEOUT = { workbench: 120_000, ui: 30_000, slow: 60_000 };

/** How the window treats the workspace: trusted (trust prompts off) or restricted (the dialog answered "No"). */
export type Trust = 'trusted' | 'restricted';

/** What a test asks of its workbench. */
export interface WorkbenchOptions {
  trust: Trust;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Files to put in the workspace folder, by relative path. */
  files?: Record<string, string>;
  /** Other VSIX files to install beside ours (test fixtures). */
  alsoInstall?: string[];
}

/** A workbench open in Chromium, with the helpers the tests share. */
export interface Workbench {
  page: Page;
  server: CodeServer;
  /** Milliseconds from navigation to a usable workbench. */
  loadMs: number;
  /** Runs a command by its palette title, e.g. "gRPC IPC: Launch Demo Server". */
  runCommand(title: string): Promise<void>;
  /** Whether the palette offers this command title within the time given. */
  hasCommand(title: string, timeoutMs?: number): Promise<boolean>;
  /** A notification toast whose text matches. */
  notification(text: string | RegExp): Locator;
  /** Opens a view container from the activity bar by its title, e.g. "gRPC IPC". */
  openViewContainer(title: string): Promise<void>;
  /** A row of any tree or list in the side bar whose text (label and description run together) matches. */
  sideBarRow(text: string | RegExp): Locator;
  /** A side bar tree row whose label is exactly `label` (the description not included). */
  treeItem(label: string): Locator;
  /** The inner frame of a webview (panel or view); the first one when no title is given. */
  webview(title?: string): FrameLocator;
  /** Saves test/e2e/screenshots/<name>.png and prints its path. */
  screenshot(name: string): Promise<string>;
}

/** Whether a Chromium is available; CI must have one, a developer machine may skip with this reason. */
export function chromiumMissingReason(): string | undefined {
  return findChromium() ? undefined : 'no Chromium found (install Debian chromium or set GRPC_IPC_CHROMIUM)';
}

let browser: Promise<Browser> | undefined;
/** Chromium's own temp folder (its singleton socket lives there), removed with the browser. */
let browserTmp: string | undefined;

function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(chromiumMissingReason());
  browserTmp ??= mkdtempSync(path.join(os.tmpdir(), 'gi-chromium-'));
  const env = { ...process.env, TMPDIR: browserTmp };
  browser ??= chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: TIMEOUT.slow, env });
  return browser;
}

/** Closes the shared browser; call from the test file's `after`. */
export async function closeBrowser(): Promise<void> {
  const pending = browser;
  browser = undefined;
  if (pending) await (await pending).close();
  if (browserTmp) rmSync(browserTmp, { recursive: true, force: true });
  browserTmp = undefined;
}

/** A workbench this module opened; close() ends its page and its code-server. */
export interface OpenWorkbench extends Workbench {
  close(): Promise<void>;
}

/**
 * Starts code-server with the extension installed, opens the workbench in a new browser page,
 * answers the trust prompt and waits until the extension's commands are registered.
 */
export async function openWorkbench(options: WorkbenchOptions): Promise<OpenWorkbench> {
  const vsix = await ensureVsix();
  const trustSettings =
    options.trust === 'trusted'
      ? { 'security.workspace.trust.enabled': false }
      : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'always' };
  const server = await startCodeServer({
    vsix,
    alsoInstall: options.alsoInstall,
    files: options.files,
    settings: {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.ignoreRecommendations': true,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      ...trustSettings,
      ...options.settings,
    },
  });
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    await server.stop();
  };
  try {
    context = await (await launchBrowser()).newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT.ui);
    const started = Date.now();
    await page.goto(server.url, { timeout: TIMEOUT.workbench });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: TIMEOUT.workbench });
    if (options.trust === 'restricted') await answerTrustDialog(page, 'No');
    await page.locator('.part.statusbar').waitFor({ timeout: TIMEOUT.workbench });
    const loadMs = Date.now() - started;
    // The extension host starts after the workbench and registers the extension's commands late;
    // wait for one of them once here, so later palette lookups can be quick.
    const ours = contributedCommandTitles()[0];
    if (ours && !(await openInPalette(page, ours, TIMEOUT.slow)))
      console.log(`# warning: the palette did not offer "${ours}" within ${TIMEOUT.slow / 1000} s`);
    await page.keyboard.press('Escape');
    console.log(`# workbench load: ${loadMs} ms (code-server ${server.url})`);
    return { ...makeWorkbench(page, server, loadMs), close };
  } catch (error) {
    const diagnostics = server.diagnostics();
    await close();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${diagnostics}`, { cause: error });
  }
}

async function answerTrustDialog(page: Page, answer: 'Yes' | 'No'): Promise<void> {
  const label = answer === 'Yes' ? /Yes, I trust the authors/ : /No, I don.t trust the authors/;
  const button = page.getByRole('button', { name: label });
  try {
    await button.waitFor({ timeout: TIMEOUT.slow });
  } catch {
    throw new Error(
      `The Workspace Trust dialog did not appear within ${TIMEOUT.slow / 1000} s, so the window cannot be put in restricted mode.`,
    );
  }
  await button.click();
  await button.waitFor({ state: 'detached' });
}

/**
 * Opens the palette on `title` and waits until the top row is that command. The palette lists the
 * commands known when it opens, and an extension host that starts late registers its commands after
 * that, so the palette is reopened until the deadline.
 */
async function openInPalette(page: Page, title: string, timeoutMs: number): Promise<boolean> {
  const input = page.locator('.quick-input-widget input');
  const top = page.locator('.quick-input-list .monaco-list-row').first().filter({ hasText: title });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await input.isVisible())) await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    const wait = Math.max(1000, Math.min(5000, deadline - Date.now()));
    if (
      await top.waitFor({ timeout: wait }).then(
        () => true,
        () => false,
      )
    )
      return true;
    if (Date.now() >= deadline) return false;
    await page.keyboard.press('Escape');
  }
}

function makeWorkbench(page: Page, server: CodeServer, loadMs: number): Workbench {
  const screenshot = async (name: string): Promise<string> => {
    mkdirSync(screenshotDir, { recursive: true });
    const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
    await page.screenshot({ path: file });
    console.log(`# screenshot: ${path.relative(repoRoot, file)}`);
    return file;
  };
  return {
    page,
    server,
    loadMs,
    screenshot,
    async runCommand(title) {
      if (!(await openInPalette(page, title, 10_000))) {
        const shown = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
        await page.keyboard.press('Escape');
        throw new Error(`The command palette has no command "${title}". It offered: ${shown.slice(0, 8).join(' | ') || 'nothing'}.`);
      }
      await page.keyboard.press('Enter');
    },
    async hasCommand(title, timeoutMs = TIMEOUT.ui) {
      const found = await openInPalette(page, title, timeoutMs);
      await page.keyboard.press('Escape');
      return found;
    },
    notification(text) {
      return page
        .locator('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')
        .filter({ hasText: text })
        .first();
    },
    async openViewContainer(title) {
      const item = page
        .locator(`.part.activitybar .action-item a[aria-label^="${title}"], .part.activitybar .action-item[aria-label^="${title}"]`)
        .first();
      try {
        await item.waitFor({ timeout: TIMEOUT.slow });
      } catch {
        throw new Error(`The activity bar has no "${title}" item; is the view container contributed and the extension installed?`);
      }
      const sideBar = page.locator('.part.sidebar');
      const header = sideBar.locator('.composite.title').filter({ hasText: new RegExp(title, 'i') });
      if (!(await header.isVisible())) await item.click();
      await header.waitFor({ timeout: TIMEOUT.ui });
    },
    sideBarRow(text) {
      return page.locator('.part.sidebar .monaco-list-row').filter({ hasText: text }).first();
    },
    treeItem(label) {
      const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
      return page
        .locator('.part.sidebar .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exact }) })
        .first();
    },
    webview(title) {
      const frames = title ? page.locator(`iframe.webview[title="${title}"]`) : page.locator('iframe.webview');
      return frames.first().contentFrame().locator('#active-frame').contentFrame();
    },
  };
}

/**
 * Expands a tree row through its twistie (a click on the label could run the item's command) until
 * `child` shows. The tree re-renders as servers start and discovery finishes, which can fold a row
 * again or make it expandable only later, so this keeps trying until the deadline.
 */
export async function expandTreeUntil(workbench: Workbench, row: string | RegExp, child: string, timeoutMs = TIMEOUT.slow): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const target = workbench.sideBarRow(row);
  const shown = workbench.treeItem(child);
  while (!(await shown.isVisible())) {
    if (Date.now() > deadline) throw new Error(`Expanding the tree row ${row} did not show ${child} within ${timeoutMs / 1000} s.`);
    if ((await target.isVisible()) && (await target.getAttribute('aria-expanded')) === 'false')
      await target.locator('.monaco-tl-twistie').click();
    await shown.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
}

/** Runs `body`; when it throws, saves a screenshot named after the test and adds the server logs to the error. */
async function runWithDiagnostics(t: TestContext, workbench: Workbench, body: (workbench: Workbench) => Promise<void>): Promise<void> {
  try {
    await body(workbench);
  } catch (error) {
    const shot = await workbench.screenshot(`failure-${t.name}`).catch((reason) => `(no screenshot: ${reason})`);
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\nScreenshot: ${shot}\n${workbench.server.diagnostics()}`, { cause: error });
  }
}

/** Runs `body` against a fresh workbench that is closed after the test. */
export async function withWorkbench(
  t: TestContext,
  options: WorkbenchOptions,
  body: (workbench: Workbench) => Promise<void>,
): Promise<void> {
  const workbench = await openWorkbench(options);
  t.after(() => workbench.close());
  await runWithDiagnostics(t, workbench, body);
}

/**
 * One workbench shared by the tests of a file (starting code-server costs tens of seconds on two
 * cores). It opens on first use; `close` goes in the file's `after`. Between tests it dismisses
 * pickers and notifications and closes editors, so each test starts from a quiet window.
 */
export function sharedWorkbench(options: WorkbenchOptions): {
  use(t: TestContext, body: (workbench: Workbench) => Promise<void>): Promise<void>;
  close(): Promise<void>;
} {
  let opening: Promise<OpenWorkbench> | undefined;
  return {
    async use(t, body) {
      opening ??= openWorkbench(options);
      const workbench = await opening;
      try {
        await runWithDiagnostics(t, workbench, body);
      } finally {
        // After a failure too, or the next test starts among what this one left open.
        await quiet(workbench).catch(() => undefined);
      }
    },
    async close() {
      const pending = opening;
      opening = undefined;
      if (pending) await (await pending.catch(() => undefined))?.close();
      await closeBrowser();
    },
  };
}

async function quiet(workbench: Workbench): Promise<void> {
  await workbench.page.keyboard.press('Escape');
  await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
  await workbench.runCommand('View: Close All Editors').catch(() => undefined);
}
