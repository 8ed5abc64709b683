import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RESTRICTED_SETTINGS } from '../../src/extension/settingKeys';
import { validateServerConfigs } from '../../src/ipc/launch/config';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes;

test('the names the end-to-end tests drive are stable', () => {
  assert.equal(contributes.viewsContainers.activitybar[0].title, 'gRPC IPC');
  assert.equal(contributes.views.grpcIpc[0].id, 'grpcIpc.endpoints');
  const titles = Object.fromEntries(
    contributes.commands.map((c: { command: string; title: string; category: string }) => [c.command, `${c.category}: ${c.title}`]),
  );
  assert.deepEqual(
    {
      'grpcIpc.refresh': titles['grpcIpc.refresh'],
      'grpcIpc.attach': titles['grpcIpc.attach'],
      'grpcIpc.startServer': titles['grpcIpc.startServer'],
      'grpcIpc.stopServer': titles['grpcIpc.stopServer'],
      'grpcIpc.restartServer': titles['grpcIpc.restartServer'],
      'grpcIpc.startDemoServer': titles['grpcIpc.startDemoServer'],
      'grpcIpc.openRequestBuilder': titles['grpcIpc.openRequestBuilder'],
      'grpcIpc.copyAsGrpcurl': titles['grpcIpc.copyAsGrpcurl'],
      'grpcIpc.showLogs': titles['grpcIpc.showLogs'],
    },
    {
      'grpcIpc.refresh': 'gRPC IPC: Refresh Endpoints',
      'grpcIpc.attach': 'gRPC IPC: Attach to Address…',
      'grpcIpc.startServer': 'gRPC IPC: Start Server…',
      'grpcIpc.stopServer': 'gRPC IPC: Stop Server',
      'grpcIpc.restartServer': 'gRPC IPC: Restart Server',
      'grpcIpc.startDemoServer': 'gRPC IPC: Launch Demo Server',
      'grpcIpc.openRequestBuilder': 'gRPC IPC: Open Request Builder',
      'grpcIpc.copyAsGrpcurl': 'gRPC IPC: Copy as grpcurl',
      'grpcIpc.showLogs': 'gRPC IPC: Show Logs',
    },
  );
});

test('every command has a category and an icon, and menus refer to declared commands', () => {
  // activation.test.ts checks that the registered commands are exactly these.
  const declared = contributes.commands.map((c: { command: string }) => c.command).sort();
  for (const command of contributes.commands) {
    assert.equal(command.category, 'gRPC IPC', command.command);
    assert.match(command.icon, /^\$\([a-z-]+\)$/, command.command);
  }
  const menuCommands = Object.values(contributes.menus)
    .flat()
    .map((entry) => (entry as { command: string }).command);
  for (const id of menuCommands) assert.ok(declared.includes(id), `menu refers to undeclared ${id}`);
  const hidden = contributes.menus.commandPalette
    .filter((e: { when: string }) => e.when === 'false')
    .map((e: { command: string }) => e.command)
    .sort();
  assert.deepEqual(hidden, [
    'grpcIpc.copyAddress',
    'grpcIpc.pin',
    'grpcIpc.removeStaleSocket',
    'grpcIpc.revealSocketFile',
    'grpcIpc.showServers',
    'grpcIpc.unpin',
  ]);
  for (const link of contributes.viewsWelcome[0].contents.matchAll(/\(command:([\w.]+)/g))
    assert.ok(declared.includes(link[1]) || link[1].startsWith('workbench.'), `welcome links to undeclared ${link[1]}`);
});

test('activation is lazy and trust is declared for every restricted setting', () => {
  assert.ok(!pkg.activationEvents.includes('*'));
  assert.ok(pkg.activationEvents.includes('onView:grpcIpc.endpoints'));
  assert.ok(pkg.activationEvents.includes('workspaceContains:**/.vscode/grpc-ipc.json'));
  assert.deepEqual(pkg.extensionKind, ['workspace']);
  const untrusted = pkg.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.deepEqual([...untrusted.restrictedConfigurations].sort(), RESTRICTED_SETTINGS.map((key) => `grpcIpc.${key}`).sort());
  for (const key of untrusted.restrictedConfigurations) assert.ok(contributes.configuration.properties[key], `${key} is not a setting`);
});

/** Settings that mean the same on every machine; the rest name paths, commands, users or targets of one machine. */
const MACHINE_INDEPENDENT = [
  'grpcIpc.call.deadlineMs',
  'grpcIpc.discovery.probe',
  'grpcIpc.discovery.probeTimeoutMs',
  'grpcIpc.owner.policy',
];

test('settings are documented and scoped for what they mean', () => {
  for (const [key, setting] of Object.entries(contributes.configuration.properties) as [string, Record<string, unknown>][]) {
    assert.ok(
      typeof setting.markdownDescription === 'string' && setting.markdownDescription.length > 20,
      `${key} needs a markdownDescription`,
    );
    // A machine-overridable setting shows only under the Remote tab of a remote window (code-server is one),
    // so what is not machine-specific is window-scoped and appears in the User tab.
    const expected = MACHINE_INDEPENDENT.includes(key) ? 'window' : 'machine-overridable';
    assert.equal(setting.scope, expected, `${key} scope`);
    if (setting.enum) assert.equal((setting.enumDescriptions as string[]).length, (setting.enum as string[]).length, key);
  }
});

/**
 * The command palette keeps recently used commands on top of any that match, and a query matches a
 * title when its words start the title's words in order, skipping some ("Start Server" matches "Start
 * Demo Server"). So no palette title may match another one's full text that way, or typing the exact
 * title and Enter can run the other command.
 */
function wordsMatch(query: string, title: string): boolean {
  const words = title.toLowerCase().split(/\s+/);
  let at = 0;
  for (const word of query.toLowerCase().split(/\s+/)) {
    while (at < words.length && !words[at].startsWith(word)) at++;
    if (at === words.length) return false;
    at++;
  }
  return true;
}

test('typing a command title exactly can only match that command', () => {
  const hidden = new Set(
    contributes.menus.commandPalette.filter((e: { when: string }) => e.when === 'false').map((e: { command: string }) => e.command),
  );
  const titles = contributes.commands
    .filter((c: { command: string }) => !hidden.has(c.command))
    .map((c: { title: string; category: string }) => `${c.category}: ${c.title}`.replace(/…$/, ''));
  const clashes = titles.flatMap((query: string) =>
    titles.filter((title: string) => title !== query && wordsMatch(query, title)).map((title: string) => `${query} → ${title}`),
  );
  assert.deepEqual(clashes, []);
  assert.ok(wordsMatch('gRPC IPC: Start Server', 'gRPC IPC: Start Demo Server'), 'the matcher finds the clash the palette had');
});

test('the launch file schema and the grpcIpc.servers setting describe the same fields', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas/grpc-ipc.schema.json'), 'utf8'));
  assert.deepEqual(contributes.configuration.properties['grpcIpc.servers'].items, schema.definitions.server);
  assert.equal(contributes.jsonValidation[0].url, './schemas/grpc-ipc.schema.json');
  // Every field the schema allows is accepted by the validator, and the validator accepts nothing the schema forbids.
  const fields = Object.keys(schema.definitions.server.properties).sort();
  assert.deepEqual(fields, ['args', 'command', 'cwd', 'env', 'importPaths', 'listen', 'name', 'protoFiles', 'readyTimeout', 'tls']);
  const full = {
    name: 'a',
    command: 'b',
    listen: 'unix:/c',
    args: [],
    cwd: '.',
    env: {},
    readyTimeout: 1,
    protoFiles: [],
    importPaths: [],
    tls: { ca: 'x' },
  };
  assert.deepEqual(validateServerConfigs([full], 'user settings').problems, []);
});

test('walkthrough: media files exist, steps complete on what they do, descriptions are plain text', () => {
  const [walkthrough] = contributes.walkthroughs;
  assert.equal(walkthrough.steps.length, 3);
  assert.deepEqual(
    walkthrough.steps.map((step: { completionEvents?: string[] }) => step.completionEvents),
    [['onContext:grpcIpc.demoServerRunning'], ['onCommand:grpcIpc.openRequestBuilder'], ['onContext:grpcIpc.callSucceeded']],
  );
  // Step descriptions are not Markdown: a backtick would show as a backtick.
  for (const step of walkthrough.steps) assert.ok(!step.description.includes('`'), `${step.id} shows literal backticks`);
  assert.match(walkthrough.steps[2].description, /\(command:grpcIpc\.sendDemoCall\)/, 'the last step sends a call');
  for (const step of walkthrough.steps) assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
  assert.ok(fs.existsSync(path.join(root, contributes.viewsContainers.activitybar[0].icon)));
});
