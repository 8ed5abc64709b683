// Workspace Trust: in a restricted window nothing is launched, and the extension says why.
// The tests share one workbench whose trust dialog was answered "No".
import { after, test } from 'node:test';
import { chromiumMissingReason, sharedWorkbench, TIMEOUT } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
// A saved request and an environment file from the (untrusted) workspace, to check what is honoured.
const savedRequest = JSON.stringify({
  version: 1,
  transport: 'unix',
  target: { kind: 'unix', path: '${workspaceFolder}/app.sock' },
  tls: { kind: 'off' },
  source: { kind: 'reflection' },
  method: 'grpcipc.demo.v1.Demo.Echo',
  requests: [{ message: '${env:HOME}' }],
  metadata: [],
  deadlineMs: 1000,
  maxMessageBytes: 1024,
});
const shared = sharedWorkbench({
  trust: 'restricted',
  files: {
    '.vscode/grpc-ipc/requests/probe.json': savedRequest,
    '.vscode/grpc-ipc/environments/dev.json': JSON.stringify({ variables: { x: '1' } }),
  },
});
after(() => shared.close());

test('answering "No" in the trust dialog opens the window in Restricted Mode', { skip, timeout: 240_000 }, async (t) => {
  await shared.use(t, async (workbench) => {
    await workbench.page
      .locator('.part.statusbar')
      .getByText(/Restricted Mode/)
      .waitFor({ timeout: TIMEOUT.ui });
    await workbench.screenshot('restricted-mode');
  });
});

test('a restricted window refuses to start the demo server and says why', { skip, timeout: 300_000 }, async (t) => {
  await shared.use(t, async (workbench) => {
    // The status bar shows "Restricted Mode" once the trust dialog was answered "No".
    await workbench.page
      .locator('.part.statusbar')
      .getByText(/Restricted Mode/)
      .waitFor({ timeout: TIMEOUT.ui });
    await workbench.runCommand('gRPC IPC: Launch Demo Server');
    await workbench.notification(/trust|restricted/i).waitFor({ timeout: TIMEOUT.slow });
    await workbench.screenshot('restricted-refused');
  });
});

test('a restricted window opens saved requests but does not run them, and reads no environment', { skip, timeout: 300_000 }, async (t) => {
  await shared.use(t, async (workbench) => {
    await workbench.page
      .locator('.part.statusbar')
      .getByText(/Restricted Mode/)
      .waitFor({ timeout: TIMEOUT.ui });
    await workbench.runCommand('gRPC IPC: Run Saved Request…');
    await workbench.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'probe' }).first().click({ timeout: TIMEOUT.ui });
    await workbench.notification(/not run in Restricted Mode/).waitFor({ timeout: TIMEOUT.slow });
    // It is opened instead, for the user to read before sending: its body in the editor, unresolved.
    await workbench
      .webview()
      .locator('#request-editor .cm-content')
      .getByText(/\$\{env:HOME\}/)
      .waitFor({ timeout: TIMEOUT.slow });
    await workbench.runCommand('gRPC IPC: Select Environment…');
    await workbench.notification(/Environments are not read in Restricted Mode/).waitFor({ timeout: TIMEOUT.slow });
    await workbench.screenshot('restricted-saved-request');
  });
});
