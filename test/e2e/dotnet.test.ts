// An ASP.NET Core (Kestrel) server in real VS Code: a launch configuration in .vscode/grpc-ipc.json starts
// the built server through the extension's launcher, the server shows under Servers with its services,
// and the request builder calls a unary and a server-streaming method on it.
import { strict as assert } from 'node:assert';
import { after, test } from 'node:test';
import { buildDotnetPeers, DOTNET_ENV, dotnetMissingReason, serverDll } from '../helpers/dotnet';
import { chromiumMissingReason, closeBrowser, expandTreeUntil, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';

const missing =
  chromiumMissingReason() ?? (process.platform === 'linux' ? dotnetMissingReason() : 'Kestrel over Unix sockets is tested on Linux');
const skip = process.env.CI === 'true' ? false : missing;
after(closeBrowser);

const SERVER = 'Kestrel orders';
const ORDERS = 'grpcipc.dotnet.v1.Orders';
const socket = '${workspaceFolder}/.sockets/orders.sock';

/** The launch configuration a user would write for the server: `dotnet Server.dll --socket …`. */
const launchConfig = {
  servers: [
    {
      name: SERVER,
      command: 'dotnet',
      args: [serverDll, '--socket', socket],
      listen: `unix:${socket}`,
      env: DOTNET_ENV,
      // A cold .NET start on a shared two-core machine can take several seconds.
      readyTimeout: 90_000,
    },
  ],
};

/** Clicks a method in the tree, which opens the request builder on it, and sends the prefilled request. */
async function callFromTree(workbench: Workbench, method: string): Promise<void> {
  await workbench.treeItem(method).click();
  const panel = workbench.webview();
  const send = panel.locator('#send:not([disabled])');
  await send.waitFor({ timeout: TIMEOUT.slow });
  await panel.getByText(method).first().waitFor({ timeout: TIMEOUT.ui });
  await send.click();
  await panel
    .locator('#call-status.ok')
    .getByText(/OK \(0\)/)
    .waitFor({ timeout: TIMEOUT.slow });
}

test(
  'a Kestrel server launched from grpc-ipc.json shows its services and answers the request builder',
  { skip, timeout: 600_000 },
  async (t) => {
    if (missing) throw new Error(`This test must run under CI: ${missing}.`);
    await buildDotnetPeers();
    await withWorkbench(
      t,
      { trust: 'trusted', files: { '.vscode/grpc-ipc.json': JSON.stringify(launchConfig, null, 2) } },
      async (workbench) => {
        await workbench.openViewContainer('gRPC IPC');
        await workbench.sideBarRow('Servers').waitFor({ timeout: TIMEOUT.slow });
        await workbench.runCommand('gRPC IPC: Start Server…');
        const input = workbench.page.locator('.quick-input-widget input');
        await input.fill(SERVER);
        await workbench.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: SERVER }).first().click();

        // The launcher counts the server as started only once its socket listens; then reflection fills the tree.
        await workbench.sideBarRow(new RegExp(`${SERVER}.*running`, 'i')).waitFor({ timeout: 120_000 });
        await expandTreeUntil(workbench, SERVER, ORDERS, 120_000);
        await expandTreeUntil(workbench, ORDERS, 'GetOrder');
        for (const method of ['ListOrders', 'ImportOrders', 'Track', 'Export'])
          await workbench.treeItem(method).waitFor({ timeout: TIMEOUT.ui });
        await workbench.screenshot('dotnet-server-in-tree');

        await callFromTree(workbench, 'GetOrder');
        const panel = workbench.webview();
        // A unary answer shows in the response viewer; a stream's messages in the transcript.
        const response = panel.locator('#response-json .cm-content');
        await response
          .getByText(/customer-1/)
          .first()
          .waitFor({ timeout: TIMEOUT.ui });
        await response
          .getByText(/9007199254740993/)
          .first()
          .waitFor({ timeout: TIMEOUT.ui });

        await callFromTree(workbench, 'ListOrders');
        const third = panel
          .locator('.vrow.received')
          .filter({ hasText: /customer-3/ })
          .first();
        await third.waitFor({ timeout: TIMEOUT.ui });
        assert.equal(await panel.locator('.vrow.received').count(), 3, 'ListOrders streams three orders');
        await third.scrollIntoViewIfNeeded();
        await workbench.screenshot('dotnet-call');
      },
    );
  },
);
