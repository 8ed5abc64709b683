// The workspace of requests in real VS Code: a {{variable}} from an environment file, error details from
// the demo, Save with a name (never overwriting without asking, the socket stored as ${workspaceFolder}/…),
// reopening from the Requests view, and re-running from the history.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { startDemoServer } from '../../src/ipc/demo/server';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

const ENV_FILE = '.vscode/grpc-ipc/environments/dev.json';

async function send(panel: FrameLocator, request: string): Promise<void> {
  await panel.locator('#request-editor .cm-content').fill(request);
  await panel.locator('#send:not([disabled])').waitFor({ timeout: TIMEOUT.ui });
  await panel.locator('#send').click();
}

async function quickPick(workbench: Workbench, label: string): Promise<void> {
  await workbench.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first().click({ timeout: TIMEOUT.ui });
}

test('variables, error details, save, reopen from Requests and re-run from history', { skip, timeout: 400_000 }, async (t) => {
  const files = { [ENV_FILE]: JSON.stringify({ variables: { greeting: 'hello from dev' } }) };
  await withWorkbench(t, { trust: 'trusted', settings: { 'workbench.colorTheme': 'Default Dark Modern' }, files }, async (workbench) => {
    const folder = workbench.server.workspaceDir;
    mkdirSync(path.join(folder, '.s'), { recursive: true });
    const socket = path.join(folder, '.s', 'demo.sock');
    const server = await startDemoServer({ listen: { kind: 'unix', path: socket } });
    t.after(() => server.close());
    const { page } = workbench;

    await workbench.runCommand('gRPC IPC: Open Request Builder');
    let panel = workbench.webview();
    await panel.locator('#connect').waitFor({ timeout: TIMEOUT.slow });

    // The environment, chosen in the panel (the host shows VS Code's quick pick).
    await panel.locator('#environment').click();
    await quickPick(workbench, 'dev');
    await panel.locator('#environment').getByText('env: dev').waitFor({ timeout: TIMEOUT.ui });
    // The status bar says the same, and choosing there reaches the panel: the status bar is built at
    // activation, while the panel and the command that chooses load later, as a bundle of their own.
    await page.locator('.statusbar-item[aria-label="gRPC IPC environment: dev"]').waitFor({ timeout: TIMEOUT.ui });
    await page.locator('.statusbar-item[aria-label="gRPC IPC environment: dev"]').click();
    await quickPick(workbench, '(no environment)');
    await panel.locator('#environment').getByText('no env').waitFor({ timeout: TIMEOUT.ui });
    await page.locator('.statusbar-item[aria-label="gRPC IPC environment: none"]').click({ timeout: TIMEOUT.ui });
    await quickPick(workbench, 'dev');
    await panel.locator('#environment').getByText('env: dev').waitFor({ timeout: TIMEOUT.ui });

    await panel.locator('#socket-path input').fill(socket);
    await panel.locator('#connect').click();
    await panel.locator('button.method[data-method="grpcipc.demo.v1.Demo.Echo"]').click({ timeout: TIMEOUT.slow });
    await panel.locator('#method-current').getByText('Echo').waitFor();

    // A variable from the environment file is substituted by the host before sending.
    await send(panel, '{ "message": "{{greeting}}" }');
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    assert.match((await panel.locator('#response-json').textContent()) ?? '', /"message": "hello from dev"/);

    // Error details from the demo's rich error model.
    await send(panel, '{ "failWithDetails": true, "failMessage": "asked to fail" }');
    await panel
      .locator('#call-status.error')
      .getByText(/INVALID_ARGUMENT \(3\)/)
      .waitFor({ timeout: TIMEOUT.slow });
    await panel
      .locator('#response-problem')
      .getByText(/asked to fail/)
      .waitFor();
    const details = panel.locator('#error-details');
    await details.getByText('Error details (9)').waitFor();
    for (const title of [
      'Bad request',
      'Error info',
      'Retry info',
      'Debug info',
      'Quota failure',
      'Precondition failure',
      'Resource',
      'Help',
      'Message (en-US)',
    ])
      await details.locator('.error-detail-title', { hasText: title }).first().waitFor();
    await details.getByText('1.500s').waitFor();
    await details.scrollIntoViewIfNeeded();
    await workbench.screenshot('builder-error-details');

    // Save asks for a name, with the method's as the default.
    await send(panel, '{ "message": "{{greeting}}" }');
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('#save-request').click();
    const nameBox = page.locator('.quick-input-widget input');
    await nameBox.waitFor({ timeout: TIMEOUT.ui });
    assert.equal(await nameBox.inputValue(), 'Echo');
    await nameBox.fill('demo/echo-greeting');
    await nameBox.press('Enter');
    await panel
      .locator('#send-status')
      .getByText('Saved .vscode/grpc-ipc/requests/demo/echo-greeting.json')
      .waitFor({ timeout: TIMEOUT.ui });
    const saved = JSON.parse(readFileSync(path.join(folder, '.vscode/grpc-ipc/requests/demo/echo-greeting.json'), 'utf8'));
    assert.deepEqual(saved.target, { kind: 'unix', path: '${workspaceFolder}/.s/demo.sock' });
    assert.deepEqual(saved.requests, [{ message: '{{greeting}}' }]);

    // Saving again under the same name asks first; cancelling leaves the file alone.
    await panel.locator('#save-request').click();
    await nameBox.waitFor({ timeout: TIMEOUT.ui });
    await nameBox.fill('demo/echo-greeting');
    await nameBox.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByText(/already exists\. Replace it\?/).waitFor({ timeout: TIMEOUT.ui });
    await page.keyboard.press('Escape');
    await panel.locator('#send-status').getByText('Not saved.').waitFor({ timeout: TIMEOUT.ui });

    // The Requests view lists it in its folder; a click opens it in a fresh builder.
    await workbench.runCommand('View: Close All Editors');
    await workbench.openViewContainer('gRPC IPC');
    await workbench.treeItem('echo-greeting').waitFor({ timeout: TIMEOUT.ui });
    await workbench.treeItem('demo').waitFor();
    await workbench.screenshot('builder-requests-group');
    await workbench.treeItem('echo-greeting').click();
    panel = workbench.webview();
    await panel.locator('#send:not([disabled])').waitFor({ timeout: TIMEOUT.slow });
    assert.match((await panel.locator('#request-editor .cm-content').textContent()) ?? '', /\{\{greeting\}\}/);
    await panel.locator('#send').click();
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    assert.match((await panel.locator('#response-json').textContent()) ?? '', /"message": "hello from dev"/);

    // The history: "Run again" restores the request and sends it once more.
    await panel.locator('details.recent summary').click();
    const entries = panel.locator('#history li');
    await entries.first().locator('[data-action="rerun"]').waitFor({ timeout: TIMEOUT.ui });
    const before = await entries.count();
    await entries.first().locator('[data-action="rerun"]').click();
    await panel.locator('#call-status.ok').waitFor({ timeout: TIMEOUT.slow });
    await panel.locator('details.recent summary').click();
    await panel.locator(`#history li:nth-child(${before + 1})`).waitFor({ timeout: TIMEOUT.ui });
    assert.match((await panel.locator('#response-json').textContent()) ?? '', /"message": "hello from dev"/);
    await workbench.screenshot('builder-history-rerun');
  });
});
