// The harness itself: code-server starts with the packaged extension installed and the workbench loads.
import { strict as assert } from 'node:assert';
import { after, test } from 'node:test';
import { chromiumMissingReason, closeBrowser, withWorkbench } from './support/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

test('the workbench loads with the packaged extension installed', { skip, timeout: 240_000 }, async (t) => {
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    console.log(`# workbench load: ${workbench.loadMs} ms`);
    await workbench.runCommand('Extensions: Show Installed Extensions');
    const entry = workbench.page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: 'gRPC IPC' }).first();
    await entry.waitFor();
    assert.match((await entry.textContent()) ?? '', /gRPC IPC/);
    await workbench.screenshot('smoke-installed-extensions');
  });
});

test('answering "No" in the trust dialog opens the window in Restricted Mode', { skip, timeout: 240_000 }, async (t) => {
  await withWorkbench(t, { trust: 'restricted' }, async (workbench) => {
    await workbench.page.locator('.part.statusbar').getByText(/Restricted Mode/).waitFor();
    await workbench.screenshot('smoke-restricted-mode');
  });
});
