// One build file for everything that ships: the extension host bundle, the CLI and the webview.
const fs = require('node:fs');
const path = require('node:path');
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

/** Copies the codicon font and its CSS into dist/, the only folder the webview may load from. */
const copyCodicons = {
  name: 'copy-codicons',
  setup(build) {
    build.onEnd(() => {
      const from = path.join(__dirname, 'node_modules/@vscode/codicons/dist');
      const to = path.join(path.dirname(build.initialOptions.outfile), 'codicons');
      fs.mkdirSync(to, { recursive: true });
      for (const file of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(from, file), path.join(to, file));
    });
  },
};

/**
 * Libraries that read their own .proto files from `__dirname` at run time, and the folder they read.
 * Inside a bundle `__dirname` is dist/, so those reads would miss. This plugin copies the folders to
 * dist/vendor/<package>/... and points the libraries' `__dirname` at the matching place there,
 * keeping every relative path they use intact.
 */
const packagesReadingProtos = { '@grpc/reflection': 'build/proto', 'grpc-health-check': 'proto' };

const vendorProtos = {
  name: 'vendor-protos',
  setup(build) {
    const outdir = path.dirname(build.initialOptions.outfile);
    const modules = path.join(__dirname, 'node_modules');
    build.onStart(() => {
      for (const [name, folder] of Object.entries(packagesReadingProtos))
        fs.cpSync(path.join(modules, name, folder), path.join(outdir, 'vendor', name, folder), { recursive: true });
    });
    const names = Object.keys(packagesReadingProtos).map((name) => name.replace(/[/\\]/g, '[/\\\\]'));
    const filter = new RegExp(`node_modules[/\\\\](${names.join('|')})[/\\\\].*\\.js$`);
    build.onLoad({ filter }, async (args) => {
      const folder = path.relative(modules, path.dirname(args.path)).split(path.sep).join('/');
      const source = await fs.promises.readFile(args.path, 'utf8');
      const contents = source.replace(/\b__dirname\b/g, `require("path").join(__dirname, ${JSON.stringify(`vendor/${folder}`)})`);
      return { contents, loader: 'js' };
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

/**
 * Activation should compile only the glue, so the extension's lazily loaded half (discovery, schemas,
 * the request panel: see src/extension/lazy.ts) is a second bundle, dist/extension-lazy.js.
 */
const extensionLazySplit = {
  name: 'extension-lazy-split',
  setup(build) {
    build.onResolve({ filter: /^\.\/lazy$/ }, (args) =>
      /src[\\/]extension[\\/]loadLazy\.ts$/.test(args.importer) ? { path: './extension-lazy.js', external: true } : undefined,
    );
  },
};

/**
 * codemirror-json-schema renders completion details with markdown-it and Shiki (megabytes of grammars,
 * and HTML from server comments), and brings YAML and JSON5 parsers the panel never uses. The webview
 * swaps in its own small renderer that escapes everything, and a stub for the two parsers.
 */
const jsonSchemaTrim = {
  name: 'json-schema-trim',
  setup(build) {
    const swaps = [
      [/[/\\]utils[/\\]markdown$/, 'webview/editor/markdown.ts'],
      [/[/\\](json5|yaml)-parser$/, 'webview/editor/unusedParser.ts'],
    ];
    build.onResolve({ filter: /(markdown|json5-parser|yaml-parser)$/ }, (args) => {
      if (!/codemirror-json-schema/.test(args.importer)) return undefined;
      const swap = swaps.find(([pattern]) => pattern.test(args.path));
      return swap ? { path: path.join(__dirname, swap[1]) } : undefined;
    });
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
    plugins: [...common.plugins, extensionLazySplit],
  },
  {
    ...common,
    entryPoints: ['src/extension/lazy.ts'],
    outfile: 'dist/extension-lazy.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [...common.plugins, vendorProtos],
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
    plugins: [...common.plugins, vendorProtos],
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
    plugins: [...common.plugins, copyCodicons, jsonSchemaTrim],
  },
];

async function main() {
  // The optional native discovery helpers (Linux); a failed build only means the JavaScript path is used.
  require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'scripts/native.mjs')], { stdio: 'inherit' });
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
