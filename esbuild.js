// One build file for everything that ships: the extension host bundle, the CLI and the webview.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild results in the shape the `$esbuild-watch` problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The CLI must start fast (`discover --no-probe` within 30 ms of a bare `node`), so the modules that need
 * grpc-js live in a second bundle, dist/cli-grpc.js, which the main one requires on first use.
 */
const heavyCliModules = [
  { importer: /src[\\/]cli[\\/]main\.ts$/, path: /^\.\/(describe|call|serveDemo)$/ },
  { importer: /src[\\/]ipc[\\/]discovery[\\/]probe\.ts$/, path: /^\.\.\/reflection\/client$/ },
];
const cliGrpcSplit = {
  name: 'cli-grpc-split',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) =>
      heavyCliModules.some((m) => m.importer.test(args.importer) && m.path.test(args.path)) ? { path: './cli-grpc.js', external: true } : undefined,
    );
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: watch ? [problemMatcher] : [],
};

const bundles = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [...common.plugins, cliGrpcSplit],
    // import('./cli-grpc.js') becomes a plain require, which is cheaper than the ESM loader.
    supported: { 'dynamic-import': false },
  },
  {
    ...common,
    entryPoints: ['src/cli/grpcBundle.ts'],
    outfile: 'dist/cli-grpc.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    // The discovery core as a library, for bench/discovery.mjs.
    ...common,
    entryPoints: ['src/ipc/discovery/discover.ts'],
    outfile: 'dist/discovery.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

async function main() {
  const contexts = await Promise.all(bundles.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
