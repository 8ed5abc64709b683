// Times require() + activate() of the production extension bundle under a stand-in `vscode` module,
// and reports whether grpc-js was loaded by then. The stand-in answers every property with itself,
// which is all activate() needs to run; it is for timing only.
import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, report, round } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const Module = require('node:module');

function standIn() {
  const target = function () {};
  const proxy = new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : key === Symbol.iterator ? [][Symbol.iterator] : proxy),
    apply: () => proxy,
    construct: () => proxy,
  });
  return proxy;
}

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: standIn() };

const bundle = path.join(root, 'dist/extension.js');
const context = { subscriptions: [], extensionUri: standIn(), extensionPath: root, globalStorageUri: standIn(), storageUri: standIn(), globalState: standIn(), workspaceState: standIn(), extensionMode: 1, asAbsolutePath: (p) => path.join(root, p) };

const samples = [];
let grpcLoaded = false;
for (let i = 0; i < 15; i++) {
  for (const key of Object.keys(require.cache)) if (key !== 'vscode') delete require.cache[key];
  const start = performance.now();
  const extension = require(bundle);
  await extension.activate({ ...context, subscriptions: [] });
  samples.push(performance.now() - start);
  grpcLoaded ||= Object.keys(require.cache).some((key) => key.includes('grpc-js')) || globalThis.__grpcIpcCoreLoaded === true;
  await extension.deactivate?.();
}

const kib = (file) => round(statSync(path.join(root, file)).size / 1024, 1);
const figures = {
  activate_ms: round(median(samples)),
  grpc_loaded_at_activate: grpcLoaded,
  extension_bundle_kib: kib('dist/extension.js'),
  webview_bundle_kib: kib('dist/webview.js'),
};
report('activation', figures, {
  'activate_ms < 15': figures.activate_ms < 15,
  'grpc_loaded_at_activate false': !figures.grpc_loaded_at_activate,
  'extension_bundle_kib <= 1024': figures.extension_bundle_kib <= 1024,
  'webview_bundle_kib <= 400': figures.webview_bundle_kib <= 400,
});
process.exit(0);
