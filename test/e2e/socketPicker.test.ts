/// <reference lib="dom" />
// The request builder's socket picker in real VS Code: it lists the sockets the gRPC IPC tree lists,
// with the tree's filter (no VS Code or code-server IPC sockets, no .NET diagnostic sockets), marks the
// ones that answered gRPC, and opening it leaves the action bar and the request editor in view.
// Other programs on the machine listen too, so both lists are compared on this code-server's own folders.
// (The DOM types above are for the functions evaluated inside the page.)
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import type { FrameLocator, Locator } from 'playwright-core';
import { startDemoServer } from '../../src/ipc/demo/server';
import { chromiumMissingReason, closeBrowser, TIMEOUT, withWorkbench, type Workbench } from '../helpers/e2e/workbench';

const skip = process.env.CI === 'true' ? false : chromiumMissingReason();
after(closeBrowser);

/** The sockets the tree's filter leaves out: VS Code's and code-server's own, and the .NET runtime's. */
const SYSTEM = /\/(vscode-ipc-[^/]*\.sock|code-server-ipc\.sock|dotnet-diagnostic-\d+-\d+-socket)$/;

/** A listener that accepts and never answers, like a non-gRPC service. */
async function plainListener(t: TestContext, socket: string): Promise<void> {
  const open = new Set<net.Socket>();
  const server = net.createServer((connection) => {
    open.add(connection);
    connection.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  t.after(async () => {
    for (const connection of open) connection.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

/** The unix sockets the tree's Sockets group lists under `folder`, as paths (label = file name, description leads with the folder). */
async function treeSockets(workbench: Workbench, folder: string): Promise<string[]> {
  const rows = workbench.page.locator('.part.sidebar .monaco-list-row');
  const found: string[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const label = ((await row.locator('.label-name').first().textContent()) ?? '').trim();
    const description = (
      (await row
        .locator('.label-description')
        .first()
        .textContent()
        .catch(() => '')) ?? ''
    ).trim();
    const dir = description.split(' · ')[0] ?? '';
    if (dir === folder || dir.startsWith(`${folder}/`)) found.push(`${dir}/${label}`);
  }
  return found.sort();
}

/** The picker's entries under `folder`: the path, and whether it is marked as gRPC. */
async function pickerSockets(entries: Locator, folder: string): Promise<{ sockets: string[]; grpc: string[] }> {
  const texts = (await entries.allTextContents()).map((text) => text.trim());
  const mine = texts.filter((text) => text.startsWith(`${folder}/`));
  return {
    sockets: mine.map((text) => text.replace(/ \(gRPC\)$/, '')).sort(),
    grpc: mine
      .filter((text) => text.endsWith(' (gRPC)'))
      .map((text) => text.replace(/ \(gRPC\)$/, ''))
      .sort(),
  };
}

async function box(panel: FrameLocator, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await panel.locator(selector).first().boundingBox();
  assert.ok(found, `${selector} is not shown`);
  return found;
}

test('the socket picker lists what the tree lists, marks the gRPC servers, and keeps the layout', { skip, timeout: 400_000 }, async (t) => {
  await withWorkbench(t, { trust: 'trusted' }, async (workbench) => {
    // In the workspace, which both the tree and the picker scan: a gRPC server, a silent listener, and two
    // sockets the filter must leave out wherever they are (an editor's IPC socket, a .NET diagnostic socket).
    const folder = path.join(workbench.server.workspaceDir, 'sockets');
    mkdirSync(folder, { recursive: true });
    const grpcSocket = path.join(folder, 'grpc.sock');
    const server = await startDemoServer({ listen: { kind: 'unix', path: grpcSocket } });
    t.after(() => server.close());
    const plainSocket = path.join(folder, 'plain.sock');
    await plainListener(t, plainSocket);
    await plainListener(t, path.join(folder, 'vscode-ipc-0a1b2c3d.sock'));
    await plainListener(t, path.join(folder, 'dotnet-diagnostic-4242-1234-socket'));

    await workbench.openViewContainer('gRPC IPC');
    await workbench.runCommand('gRPC IPC: Refresh Endpoints');
    await workbench.sideBarRow(/grpc\.sock/).waitFor({ timeout: TIMEOUT.slow });
    await workbench.sideBarRow(/plain\.sock/).waitFor({ timeout: TIMEOUT.ui });
    // The probe marks the gRPC one; wait until the tree has its answer.
    await workbench
      .sideBarRow(/grpc\.sock/)
      .locator('.codicon-pass-filled')
      .waitFor({ timeout: TIMEOUT.slow });
    // This code-server's own folder also holds its session socket, which both lists must leave out.
    const root = path.dirname(workbench.server.workspaceDir);
    const sessionSocket = path.join(workbench.server.userDataDir, 'code-server-ipc.sock');
    assert.ok(existsSync(sessionSocket), `code-server listens on ${sessionSocket}`);
    const inTree = await treeSockets(workbench, root);
    assert.deepEqual(
      inTree.filter((socket) => socket.startsWith(`${folder}/`)),
      [grpcSocket, plainSocket].sort(),
      'the tree lists the two sockets and leaves out the system ones',
    );
    assert.deepEqual(
      inTree.filter((socket) => SYSTEM.test(socket)),
      [],
      'the tree lists no editor or .NET runtime socket',
    );

    await workbench.runCommand('gRPC IPC: Open Request Builder');
    const panel = workbench.webview();
    await panel.locator('#request-editor .cm-content').waitFor({ timeout: TIMEOUT.slow });
    const barBefore = await box(panel, '.action-bar');
    const editorBefore = await box(panel, '#request-editor');

    await panel.getByTitle('Pick from discovered sockets').click();
    const entries = panel.locator('.socket-list button.link');
    await entries.filter({ hasText: grpcSocket }).waitFor({ timeout: TIMEOUT.slow });
    const picked = await pickerSockets(entries, root);
    assert.deepEqual(picked.sockets, inTree, 'the picker lists what the tree lists');
    assert.deepEqual(picked.grpc, [grpcSocket], 'only the gRPC server is marked');
    await workbench.screenshot('socket-picker');

    // The list drops down over the form: the action bar and the request editor stay where they were.
    assert.deepEqual(await box(panel, '.action-bar'), barBefore, 'the action bar did not move');
    assert.deepEqual(await box(panel, '#request-editor'), editorBefore, 'the request editor did not move');
    const height = await panel.locator('body').evaluate(() => window.innerHeight);
    assert.ok(
      editorBefore.y + editorBefore.height <= height,
      `the request editor is in view (ends at ${editorBefore.y + editorBefore.height} of ${height} px)`,
    );

    // Picking an entry fills the socket path and closes the list.
    await entries.filter({ hasText: grpcSocket }).click();
    assert.equal(await panel.locator('#socket-path input').inputValue(), grpcSocket);
    assert.equal(await entries.count(), 0);
  });
});
