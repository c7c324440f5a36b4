// Bundles each entry point into dist/ and copies the wasm assets the bundles load at run time.
//
//   node esbuild.mjs                 development build (source maps)
//   node esbuild.mjs --production    minified, for the .vsix (scripts/package.mjs)
//   node esbuild.mjs --watch         rebuild on change
//   node esbuild.mjs --outdir DIR    write somewhere other than dist/ (packaging builds in a staging folder)
//   node esbuild.mjs --strict        a missing entry point is an error, not a warning (packaging uses it)
//
// Each entry is built on its own, so one broken entry point still reports its errors (and exits 1)
// without keeping the other bundles from being written.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const watch = argv.includes('--watch');
const production = argv.includes('--production');
const outdir = argv.includes('--outdir') ? argv[argv.indexOf('--outdir') + 1] : 'dist';

/** Entry points: [source, output name]. Each becomes <outdir>/<name>.js. */
const entries = [
  ['client/src/extension.ts', 'extension'],
  ['server/src/server.ts', 'server'],
  ['debug-adapter/src/adapter.ts', 'debug-adapter'],
  ['debug-adapter/src/runner/child.ts', 'runner'],
  ['debug-adapter/src/runner/worker.ts', 'runner-worker'],
  ['debug-adapter/src/runner/stdinRelay.ts', 'stdin-relay'],
  // dist/cli.js (the `wasi-studio` bin) is a small launcher that runs dist/cli-main.js through V8's
  // code cache (see cli/launcher.ts).
  ['debug-adapter/src/cli/launcher.ts', 'cli'],
  ['debug-adapter/src/cli.ts', 'cli-main'],
  // `wasi-studio check` (the WIT parser and semantics, most of the CLI's code) and the CLI's DWARF
  // reading (trap lines, the access log's source lines, inspect's source files) in bundles of their
  // own, so that `run` does not compile them at every start; cli-main.js requires them on demand
  // (see splitCli).
  ['server/src/check/checkCommand.ts', 'cli-check'],
  ['debug-adapter/src/cli/sourceLines.ts', 'cli-lines'],
];

/** Files the bundles read beside themselves: [source, name in outdir]. */
const assets = [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  ['server/grammar/tree-sitter-wit.wasm', 'tree-sitter-wit.wasm'],
];

mkdirSync(outdir, { recursive: true });
const present = entries.filter(([src]) => existsSync(src));
const missing = entries.filter(([src]) => !existsSync(src)).map(([src]) => src);
if (missing.length > 0 && argv.includes('--strict')) {
  console.error(`esbuild: missing entry point(s): ${missing.join(', ')}`);
  process.exit(1);
}
for (const src of missing) console.warn(`esbuild: skipping missing entry ${src}`);

/** Options for one entry point. */
function options(src, name) {
  return {
    entryPoints: { [name]: src },
    bundle: true,
    outdir,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Prefer ES module builds: some packages (jsonc-parser) ship a UMD 'main' whose dynamic
    // require('./impl/...') calls esbuild cannot follow, which breaks the bundle at run time.
    mainFields: ['module', 'main'],
    sourcemap: !production,
    minify: production,
    // 'vscode' is provided by the extension host; dwarf-debugging is large, spawns its own worker
    // and loads its own wasm, so it stays a normal package loaded lazily at run time.
    external: ['vscode', '@vscode/dwarf-debugging'],
    // ES module dependencies (web-tree-sitter) locate their files with import.meta.url, which a CommonJS
    // bundle lacks; point it at the bundle itself, beside which the wasm assets are copied. A getter,
    // because building the URL costs start-up time (~0.3 ms) in bundles that never ask for it (the CLI's).
    define: { 'import.meta.url': '__bundleMeta.url' },
    banner: { js: `${shebang(src, name)}${name === 'cli-main' ? `/* ${STAMP_PLACEHOLDER} */ ` : ''}const __bundleMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };` },
    logLevel: 'warning',
    plugins: name === 'cli-main' ? [splitCli, sharedFsNamespace, stampBuild(join(outdir, 'cli-main.js'))] : [],
  };
}

/** In dist/cli-main.js, the on-demand requires of the WIT checker and of the DWARF helpers load the bundles beside it. */
const splitCli = {
  name: 'split-cli',
  setup(build) {
    build.onResolve({ filter: /\/check\/checkCommand(\.js)?$/ }, () => ({ path: './cli-check.js', external: true }));
    build.onResolve({ filter: /^\.\/sourceLines(\.js)?$/ }, () => ({ path: './cli-lines.js', external: true }));
  },
};

/**
 * Every `import * as fs from 'node:fs'` of a CommonJS bundle becomes its own copy of the module's ~100
 * properties as getters (esbuild's __toESM), made at load time; the WASI host's files do it about ten
 * times, which is a measurable part of the CLI's start-up, and each call then goes through a getter.
 * This points them all at one ES module that exports node:fs's functions and constants by name, so
 * esbuild refers to them directly. node:fs's lazily loaded members (promises, streams, opendir, Dir)
 * are not exported: using one through this module is an esbuild warning ("will always be undefined").
 */
const sharedFsNamespace = {
  name: 'shared-fs-namespace',
  setup(build) {
    build.onResolve({ filter: /^(node:)?fs$/ }, (args) =>
      args.namespace === 'shared-fs' ? { path: 'node:fs', external: true } : { path: 'node:fs', namespace: 'shared-fs' });
    build.onLoad({ filter: /.*/, namespace: 'shared-fs' }, () => {
      // Listed by a fresh Node: in this process, something may already have turned a lazy member into a plain one.
      const list = "Object.entries(Object.getOwnPropertyDescriptors(require('node:fs'))).filter(([, d]) => 'value' in d).map(([k]) => k).join(', ')";
      const names = execFileSync(process.execPath, ['-p', list], { encoding: 'utf8' }).trim();
      return { contents: `export const { ${names} } = require('node:fs');`, loader: 'js' };
    });
  },
};

/**
 * dist/cli.js keys its V8 code cache of cli-main.js by this stamp on the bundle's first line: a hash of
 * the bundle's text, so a cache is never used with code other than the code it was made from (V8 itself
 * only compares the source's length). It replaces a placeholder of the same length, so no position moves.
 */
const STAMP_PLACEHOLDER = `wasi-studio build ${'0'.repeat(16)}`;
function stampBuild(file) {
  return {
    name: 'stamp-build',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0 || !existsSync(file)) return;
        const text = readFileSync(file, 'utf8');
        const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
        writeFileSync(file, text.replace(STAMP_PLACEHOLDER, `wasi-studio build ${hash}`));
      });
    },
  };
}

/** The CLI is run directly (`bin`), so it needs a shebang line unless its source has one. */
function shebang(src, name) {
  return name === 'cli' && !readFileSync(src, 'utf8').startsWith('#!') ? '#!/usr/bin/env node\n' : '';
}

function copyAssets() {
  for (const [from, to] of assets) if (existsSync(from)) copyFileSync(from, join(outdir, to));
  // Node reads the package.json nearest to a script to learn its module format. This one answers for
  // the bundles, so starting one (`wasi-studio run`) does not read and parse the extension's 26 KB
  // manifest first. The .vsix leaves it out (.vscodeignore), and there the manifest says the same.
  writeFileSync(join(outdir, 'package.json'), '{ "type": "commonjs" }\n');
}

if (watch) {
  for (const [src, name] of present) {
    const opts = options(src, name);
    const ctx = await esbuild.context({ ...opts, plugins: [...opts.plugins, { name: 'assets', setup: (b) => b.onEnd(copyAssets) }] });
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  const results = await Promise.allSettled(present.map(([src, name]) => esbuild.build(options(src, name))));
  copyAssets();
  const failed = present.filter((_, i) => results[i].status === 'rejected').map(([src]) => src);
  if (failed.length > 0) {
    console.error(`esbuild: ${failed.length} entry point(s) failed: ${failed.join(', ')}`);
    process.exit(1);
  }
}
