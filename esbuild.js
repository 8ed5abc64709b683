// One build file for everything that ships: the extension host bundle, the CLI and the webview.
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const bench = process.argv.includes('--bench');

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
const packagesReadingProtos = { '@grpc/reflection': 'build/proto/grpc', 'grpc-health-check': 'proto' };

const vendorProtos = {
  name: 'vendor-protos',
  setup(build) {
    const outdir = path.dirname(build.initialOptions.outfile);
    const modules = path.join(__dirname, 'node_modules');
    build.onStart(() => {
      for (const [name, folder] of Object.entries(packagesReadingProtos)) {
        fs.rmSync(path.join(outdir, 'vendor', name), { recursive: true, force: true }); // drop what older builds copied
        fs.cpSync(path.join(modules, name, folder), path.join(outdir, 'vendor', name, folder), { recursive: true });
      }
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
 * Bundles that load another bundle on first use instead of containing it. Each split is named by the
 * source files that live in the other bundle: an import that resolves to one of them becomes a require
 * of that bundle. A renamed or moved file fails the build here rather than being bundled in silently.
 * - The CLI must start fast (`discover --no-probe` within 30 ms of a bare `node`), so what needs grpc-js
 *   lives in dist/cli-grpc.js (src/cli/grpcBundle.ts re-exports exactly these files).
 * - Activation should compile only the glue, so discovery, schemas and the request panel live in
 *   dist/extension-lazy.js (see src/extension/lazy.ts).
 */
const splits = {
  cli: {
    bundle: './cli-grpc.js',
    files: ['src/cli/describe.ts', 'src/cli/call.ts', 'src/cli/serveDemo.ts', 'src/ipc/reflection/client.ts'],
  },
  extension: { bundle: './extension-lazy.js', files: ['src/extension/lazy.ts'] },
};

function splitAt({ bundle, files }) {
  const served = new Set(files.map((file) => path.join(__dirname, file)));
  const marker = 'split-at-named-files';
  return {
    name: marker,
    setup(build) {
      build.onStart(() => {
        const missing = files.filter((file) => !fs.existsSync(path.join(__dirname, file)));
        if (missing.length > 0)
          return {
            errors: [{ text: `esbuild.js splits at ${missing.join(', ')}, which no longer exist: name the moved files in \`splits\`` }],
          };
      });
      build.onResolve({ filter: /^\./ }, async (args) => {
        if (args.pluginData === marker) return undefined; // our own lookup below
        const { path: resolved } = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: marker,
        });
        return served.has(resolved) ? { path: bundle, external: true } : undefined;
      });
    },
  };
}

/**
 * `import * as vscode from 'vscode'` of an external CommonJS module becomes, in every file that writes it,
 * a fresh copy of the module's properties as getters (esbuild's __toESM). The extension host's `vscode`
 * object has hundreds of properties and 20-odd of our files import it, which made those copies most of
 * activation's time. This routes each external module (`vscode`, `node:*`) through one shared
 * re-export, so its properties are copied once per bundle.
 */
const oneNamespacePerExternal = {
  name: 'one-namespace-per-external',
  setup(build) {
    const namespace = 'external-once';
    build.onResolve({ filter: /^(vscode|node:[\w/]+)$/ }, (args) => {
      if (args.namespace === namespace) return { path: args.path, external: true };
      // Only our own import statements: a package's require() may want the module itself (a callable, a class).
      if (args.kind !== 'import-statement' || /[/\\]node_modules[/\\]/.test(args.importer)) return undefined;
      return { path: args.path, namespace };
    });
    build.onLoad({ filter: /.*/, namespace }, (args) => ({ contents: `export * from ${JSON.stringify(args.path)};`, loader: 'js' }));
  },
};

/** Packages that pull in grpc-js or protobuf, which the start-up bundles and the webview must not contain. */
const GRPC_AND_PROTOBUF = [
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  '@grpc/reflection',
  'protobufjs',
  '@bufbuild/protobuf',
  'grpc-health-check',
];

/**
 * What each bundle must not contain, checked on esbuild's metafile after every build: `packages` are
 * node_modules folders, `sources` are files or folders of ours, and `noRuntimeImports` forbids any
 * require or import left for run time (the webview runs in a browser, which has no Node modules).
 */
const forbidden = {
  extension: {
    packages: GRPC_AND_PROTOBUF,
    sources: ['src/extension/lazy.ts', 'src/ipc/schema/', 'src/ipc/call/', 'src/extension/panel/', 'src/extension/commandHandlers.ts', 'src/extension/commands/'],
  },
  // grpc-js's status enum is a plain constants file, with no imports; the exit-code table uses it.
  cli: {
    packages: GRPC_AND_PROTOBUF,
    sources: ['src/cli/call.ts', 'src/cli/describe.ts', 'src/cli/serveDemo.ts'],
    allow: ['node_modules/@grpc/grpc-js/build/src/constants.js'],
  },
  webview: { packages: GRPC_AND_PROTOBUF, sources: ['src/ipc/', 'src/extension/', 'src/cli/'], noRuntimeImports: true },
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

/** Why a bundle holds something it must not, one line per reason; empty when it is clean. */
function bundleProblems(name, metafile) {
  const rule = forbidden[name];
  if (!rule || !metafile) return [];
  const inputs = Object.keys(metafile.inputs)
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !(rule.allow ?? []).some((allowed) => file.endsWith(allowed)));
  const problems = [];
  for (const pkg of rule.packages ?? []) {
    const found = inputs.find((file) => file.includes(`node_modules/${pkg}/`));
    if (found) problems.push(`the ${name} bundle must not contain ${pkg} (it pulled in ${found})`);
  }
  for (const source of rule.sources ?? []) {
    const found = inputs.find((file) => file.startsWith(source));
    if (found) problems.push(`the ${name} bundle must not contain ${source} (it pulled in ${found})`);
  }
  if (rule.noRuntimeImports)
    for (const output of Object.values(metafile.outputs))
      for (const imported of output.imports.filter((entry) => entry.external))
        problems.push(`the ${name} bundle must not import ${imported.path} at run time`);
  return problems;
}

/** Bundles found holding something they must not, in this run. */
const failedChecks = new Set();

/** Fails the build, and tells the watch task, when a bundle contains something it must not. */
function checkContents(name) {
  return {
    name: 'check-contents',
    setup(build) {
      build.onEnd((result) => {
        const problems = bundleProblems(name, result.metafile);
        if (problems.length === 0) return void failedChecks.delete(name);
        failedChecks.add(name);
        for (const text of problems) console.error(`✘ [ERROR] ${text}`);
        result.errors.push(
          ...problems.map((text) => ({ id: '', pluginName: 'check-contents', text, location: null, notes: [], detail: undefined })),
        );
      });
    },
  };
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
};

/** Every bundle by name. Only what ships is built by default; `--bench` adds the benchmarks' library. */
const bundles = {
  extension: {
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [oneNamespacePerExternal, splitAt(splits.extension)],
  },
  extensionLazy: {
    entryPoints: ['src/extension/lazy.ts'],
    outfile: 'dist/extension-lazy.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [oneNamespacePerExternal, vendorProtos],
  },
  cli: {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [splitAt(splits.cli)],
    // import('./cli-grpc.js') becomes a plain require, which is cheaper than the ESM loader.
    supported: { 'dynamic-import': false },
  },
  cliGrpc: {
    entryPoints: ['src/cli/grpcBundle.ts'],
    outfile: 'dist/cli-grpc.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [vendorProtos],
  },
  webview: {
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    plugins: [copyCodicons, jsonSchemaTrim],
  },
  ...(bench && {
    // The discovery core as a library, for bench/discovery.bench.mjs; it does not ship.
    discoveryLibrary: {
      entryPoints: ['src/ipc/discovery/discover.ts'],
      outfile: 'dist/discovery.js', // beside the native helper it loads; the VSIX leaves it out
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
  }),
};

function optionsFor(name) {
  const options = bundles[name];
  return { ...common, ...options, plugins: [...(watch ? [problemMatcher] : []), ...(options.plugins ?? []), checkContents(name)] };
}

async function main() {
  // The optional native discovery helpers (Linux); a failed build only means the JavaScript path is used.
  require('node:child_process').spawnSync(process.execPath, [path.join(__dirname, 'scripts/native.mjs')], { stdio: 'inherit' });
  const contexts = await Promise.all(Object.keys(bundles).map((name) => esbuild.context(optionsFor(name))));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((ctx) => ctx.rebuild()));
    if (failedChecks.size > 0) throw new Error(`bundles hold modules they must not: ${[...failedChecks].join(', ')} (see above)`);
  } finally {
    await Promise.all(contexts.map((ctx) => ctx.dispose()));
  }
}

module.exports = { bundles, splits, forbidden, bundleProblems, packagesReadingProtos, oneNamespacePerExternal };

if (require.main === module)
  main().catch((error) => {
    if (!Array.isArray(error?.errors)) console.error(error instanceof Error ? error.message : error); // esbuild printed its own
    process.exit(1);
  });
