// Workspace Trust: in a restricted window nothing is launched, and the extension says why.
// The tests share one workbench whose trust dialog was answered "No".
import { after, test } from 'node:test';
import { chromiumMissingReason, sharedWorkbench, TIMEOUT } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
const shared = sharedWorkbench({ trust: 'restricted' });
after(() => shared.close());

test('answering "No" in the trust dialog opens the window in Restricted Mode', { skip, timeout: 240_000 }, async (t) => {
  await shared.use(t, async (workbench) => {
    await workbench.page.locator('.part.statusbar').getByText(/Restricted Mode/).waitFor({ timeout: TIMEOUT.ui });
    await workbench.screenshot('restricted-mode');
  });
});

test('a restricted window refuses to start the demo server and says why', { skip, timeout: 300_000 }, async (t) => {
  await shared.use(t, async (workbench) => {
    // The status bar shows "Restricted Mode" once the trust dialog was answered "No".
    await workbench.page.locator('.part.statusbar').getByText(/Restricted Mode/).waitFor({ timeout: TIMEOUT.ui });
    await workbench.runCommand('gRPC IPC: Launch Demo Server');
    await workbench.notification(/trust|restricted/i).waitFor({ timeout: TIMEOUT.slow });
    await workbench.screenshot('restricted-refused');
  });
});
