import { test, type TestContext } from 'node:test';
import { spawn } from 'node:child_process';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { answerVscodeWith, createContext, createVscodeStandIn } from '../helpers/vscodeStandIn';

const root = path.resolve(__dirname, '../..');
/** Node's loader, named so that it reads as the loader under test rather than an import. */
const load = Module.createRequire(__filename);
const packageJson = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** Modules that must wait for first use; kept external here so load.cache shows whether they loaded. */
const HEAVY = ['@grpc/grpc-js', '@grpc/proto-loader', '@grpc/reflection', 'protobufjs', '@bufbuild/protobuf', 'grpc-health-check'];

/** Builds the extension entry the way esbuild.js does (cjs, vscode external, one namespace per external module), with the heavy modules external too. */
async function buildExtension(dir: string): Promise<string> {
  const outfile = path.join(dir, 'extension.js');
  await build({
    entryPoints: [path.join(root, 'src/extension/extension.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', ...HEAVY],
    plugins: [load(path.join(root, 'esbuild.js')).oneNamespacePerExternal],
    logLevel: 'silent',
  });
  return outfile;
}

/** Requires a bundle with `vscode` answered by the stand-in. */
function requireWithStandIn(
  t: TestContext,
  file: string,
  vscode: unknown,
): { activate(context: unknown): void; deactivate(): Promise<void> } {
  answerVscodeWith(t, vscode);
  return load(file);
}

function loadedHeavyModules(): string[] {
  return Object.keys(load.cache).filter((key) =>
    HEAVY.some((name) => key.includes(`${path.sep}node_modules${path.sep}${name.replace('/', path.sep)}${path.sep}`)),
  );
}

/** The demo server in a child process (in this one it would load grpc-js itself), on a socket in a temp folder. */
async function startDemoProcess(t: TestContext): Promise<{ dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-act-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'serve-demo', '--listen', `unix:${path.join(dir, 'demo.sock')}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  t.after(() => {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      if (out.includes('listening ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the demo server exited with ${code} before listening`)));
  });
  return { dir };
}

test('activate registers every contributed command and loads no gRPC or protobuf module', async (t) => {
  // Inside the project (dist/ is ignored by git), so the external packages resolve from node_modules.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'dist', 'activation-'));
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'gi-'));
  t.after(() => fs.rmSync(storage, { recursive: true, force: true }));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  assert.deepEqual(loadedHeavyModules(), [], 'the test process loaded a heavy module before the extension did');
  const bundle = await buildExtension(dir);
  const { vscode, recorded, settings } = createVscodeStandIn(true, { user: { 'grpcIpc.discovery.probe': false } });
  const extension = requireWithStandIn(t, bundle, vscode);
  const context = createContext(root, storage);
  extension.activate(context);

  assert.deepEqual(recorded.errors, [], 'activate reported a failure');
  assert.deepEqual(recorded.views, ['grpcIpc.endpoints', 'grpcIpc.requests']);
  const contributed = packageJson.contributes.commands.map((command: { command: string }) => command.command).sort();
  assert.deepEqual([...recorded.commands.keys()].sort(), contributed);
  assert.deepEqual(loadedHeavyModules(), [], 'activate loaded grpc-js or protobuf; load them with await import() on first use');

  // The explorer without a request panel: listing what listens loads the lazy bundle, but not grpc-js.
  await recorded.commands.get('grpcIpc.refresh')!();
  assert.deepEqual(recorded.errors, [], 'refresh reported a failure');
  const roots = (await recorded.trees.get('grpcIpc.endpoints')!.getChildren()) as { kind: string; text?: string }[];
  assert.deepEqual(
    roots.filter((node) => node.kind === 'note'),
    [],
    'discovery failed, so the check below would prove nothing',
  );
  assert.deepEqual(
    loadedHeavyModules(),
    [],
    'listing endpoints loaded grpc-js or protobuf; only a probe that meets gRPC, a schema or the panel may',
  );

  // A probe that meets a gRPC server asks it by reflection, which brings grpc-js in. This also shows
  // the checks above look at the right place.
  const demo = await startDemoProcess(t);
  Object.assign(settings.user, { 'grpcIpc.discovery.probe': true, 'grpcIpc.discovery.directories': [demo.dir] });
  await recorded.commands.get('grpcIpc.refresh')!();
  assert.deepEqual(recorded.errors, [], 'refresh reported a failure');
  assert.ok(
    loadedHeavyModules().some((file) => file.includes('@grpc')),
    'a refresh that probes a gRPC server should have loaded grpc-js',
  );

  for (const disposable of context.subscriptions) disposable.dispose();
  await extension.deactivate();
  assert.equal(recorded.commands.size, 0, 'some command registration was not disposed');
});
