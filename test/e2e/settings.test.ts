// The Settings editor's User tab lists the settings that are not machine-specific. code-server is a
// remote window, where machine-overridable settings show only under the Remote tab; deadline, probing
// and the owner policy mean the same on every machine, so a user must find them under User.
import { strict as assert } from 'node:assert';
import { after, test } from 'node:test';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

test("the Settings editor's User tab lists deadline, probing and the owner policy", { skip, timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    const { page } = workbench;
    await workbench.runCommand('Preferences: Open User Settings');
    const editor = page.locator('.settings-editor');
    await editor.waitFor({ timeout: TIMEOUT.slow });
    // The User tab is the one open.
    await editor
      .locator('.settings-tabs-widget .action-label.checked')
      .filter({ hasText: /^User$/ })
      .waitFor();
    await page.keyboard.type('@ext:grpc-ipc.grpc-ipc');
    const titles = editor.locator('.settings-body .setting-item-contents .setting-item-title');
    for (const name of [/Call: Deadline Ms/, /Discovery: Probe Timeout Ms/, /Discovery: Probe$/, /Owner: Policy/]) {
      const found = await titles
        .filter({ hasText: name })
        .first()
        .waitFor({ timeout: TIMEOUT.ui })
        .then(
          () => true,
          () => false,
        );
      const shown = (await titles.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
      assert.ok(found, `${name} is not in the User tab: ${shown.join(' | ') || 'nothing'}`);
    }
    await workbench.screenshot('settings-user-tab');
  });
});
