// The request builder's budgets: the minified webview bundle (≤ 700 KiB), and the figures the e2e run
// measures in real VS Code (test/e2e/builder.test.ts writes them to bench/out/builder-e2e.json):
// command to interactive editor (≤ 300 ms), input-to-paint during a 100k-message stream, and
// host→webview posts per second during it (≤ 30). The open time's baseline is a blank webview built the
// same way (test/fixtures/blank-webview), opened in the same window between the builder's opens.
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { report, round } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const bundleKiB = statSync(path.join(root, 'dist/webview.js')).size / 1024;
const figuresFile = path.join(root, 'bench/out/builder-e2e.json');
const e2e = existsSync(figuresFile) ? JSON.parse(readFileSync(figuresFile, 'utf8')) : undefined;

report(
  'webview',
  {
    bundleKiB: round(bundleKiB, 1),
    ...(e2e
      ? {
          e2eMeasuredAt: e2e.at,
          openToEditorMs: e2e.openToEditorMs,
          openToEditorWarmMs: e2e.openToEditorWarmMs,
          ...(e2e.blankWebviewWarmMs !== undefined && {
            blankWebviewWarmMs: e2e.blankWebviewWarmMs,
            builderOverBlank: round(e2e.openToEditorWarmMs / e2e.blankWebviewWarmMs, 2),
            builderOwnMs: e2e.openToEditorWarmMs - e2e.blankWebviewWarmMs,
          }),
          openToPaintedMs: e2e.openToPaintedMs,
          openToPaintedWarmMs: e2e.openToPaintedWarmMs,
          pageToEditorMs: e2e.pageToEditorMs,
          postsPerSecond: e2e.postsPerSecond,
          inputToPaintMedianMs: e2e.inputToPaintMedianMs,
          inputToPaintMaxMs: e2e.inputToPaintMaxMs,
        }
      : { e2e: 'not measured yet: run test/e2e/builder.test.ts' }),
  },
  {
    'bundle ≤ 700 KiB': bundleKiB <= 700,
    ...(e2e
      ? {
          ...(e2e.openToEditorWarmMs !== undefined
            ? { 'command to interactive editor ≤ 300 ms (warm window)': e2e.openToEditorWarmMs <= 300 }
            : {}),
          ...(e2e.postsPerSecond !== undefined ? { 'posts ≤ 30/s during a 100k stream': e2e.postsPerSecond <= 30 } : {}),
        }
      : {}),
  },
);
