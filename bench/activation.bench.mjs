// Times require() + activate() of the production extension bundle under a stand-in `vscode` module,
// and reports whether grpc-js was loaded by then. The stand-in answers every property with itself,
// which is all activate() needs to run; it is for timing only.
import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, report, round } from './lib.mjs';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const Module = require('node:module');

/** Every top-level name the vscode module exports, read from its type declarations. */
function vscodeExportNames() {
  const types = readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...new Set([...types.matchAll(/^\t?export (?:namespace|class|enum|const|function|let) (\w+)/gm)].map((m) => m[1]))];
}

function standIn(names = []) {
  const target = function () {};
  const proxy = new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : key === Symbol.iterator ? [][Symbol.iterator] : proxy),
    apply: () => proxy,
    construct: () => proxy,
    // Bundles copy a CommonJS module's own properties, so the API's names must be own properties here.
    ownKeys: () => [...Reflect.ownKeys(target), ...names],
    getOwnPropertyDescriptor: (t, key) => Reflect.getOwnPropertyDescriptor(t, key) ?? (names.includes(key) ? { configurable: true, enumerable: true, value: proxy } : undefined),
  });
  return proxy;
}

// grpc-js needs node:http2 as soon as it loads, and nothing else in activation does; inside a bundle
// there is no require.cache entry to look for, so watching for http2 is how to tell.
const requested = new Set();
const originalLoad = Module._load;
Module._load = function (request, ...rest) {
  requested.add(request.replace(/^node:/, ''));
  return originalLoad.call(this, request, ...rest);
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : originalResolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: standIn(vscodeExportNames()) };

const bundle = path.join(root, 'dist/extension.js');
const context = { subscriptions: [], extensionUri: standIn(), extensionPath: root, globalStorageUri: standIn(), storageUri: standIn(), globalState: standIn(), workspaceState: standIn(), extensionMode: 1, asAbsolutePath: (p) => path.join(root, p) };

// The extension host has loaded Node's own modules long before any extension activates, so they are
// loaded here first too; otherwise the figure would time Node's start-up rather than ours.
for (const name of ['child_process', 'net', 'fs', 'os', 'path', 'perf_hooks', 'crypto', 'events', 'stream', 'util']) require(`node:${name}`);

const samples = [];
let grpcLoaded = false;
for (let i = 0; i < 15; i++) {
  requested.clear();
  for (const key of Object.keys(require.cache)) if (key !== 'vscode') delete require.cache[key];
  const start = performance.now();
  const extension = require(bundle);
  await extension.activate({ ...context, subscriptions: [] });
  samples.push(performance.now() - start);
  grpcLoaded ||= requested.has('http2');
  await extension.deactivate?.();
}

const kib = (file) => round(statSync(path.join(root, file)).size / 1024, 1);
const figures = {
  activate_ms: round(median(samples)),
  grpc_loaded_at_activate: grpcLoaded,
  // Both halves ship, so the size counts both; activation compiles only the first.
  extension_bundle_kib: round(kib('dist/extension.js') + kib('dist/extension-lazy.js'), 1),
  extension_entry_kib: kib('dist/extension.js'),
  webview_bundle_kib: kib('dist/webview.js'),
};
report('activation', figures, {
  'activate_ms < 15': figures.activate_ms < 15,
  'grpc_loaded_at_activate false': !figures.grpc_loaded_at_activate,
  'extension_bundle_kib <= 1024': figures.extension_bundle_kib <= 1024,
  // The request builder's editor (CodeMirror 6 with JSON Schema support) is budgeted at 700 KiB.
  'webview_bundle_kib <= 700': figures.webview_bundle_kib <= 700,
});
process.exit(0);
