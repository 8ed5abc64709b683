// Workspace Trust: a restricted window must not launch processes, and must say why.
import { after, test } from 'node:test';
import { waitingFor } from './support/manifest';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench } from './support/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

test('a restricted window refuses to start the demo server and says why', { skip, todo: waitingFor({ commands: ['gRPC IPC: Start Demo Server'] }), timeout: 300_000 }, async (t) => {
  await withWorkbench(t, { trust: 'restricted' }, async (workbench) => {
    // The status bar shows "Restricted Mode" once the trust dialog was answered "No".
    await workbench.page.locator('.part.statusbar').getByText(/Restricted Mode/).waitFor({ timeout: TIMEOUT.ui });
    await workbench.runCommand('gRPC IPC: Start Demo Server');
    await workbench.notification(/trust|restricted/i).waitFor({ timeout: TIMEOUT.slow });
    await workbench.screenshot('restricted-refused');
  });
});
