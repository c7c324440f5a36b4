// Bundles each entry point into dist/ and copies the wasm assets the bundles load at run time.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Entry points: [source, output name]. Each becomes dist/<name>.js. */
const entries = [
  ['client/src/extension.ts', 'extension'],
  ['server/src/server.ts', 'server'],
  ['debug-adapter/src/adapter.ts', 'debug-adapter'],
  ['debug-adapter/src/runner/child.ts', 'runner'],
  ['debug-adapter/src/runner/worker.ts', 'runner-worker'],
  ['debug-adapter/src/cli.ts', 'cli'],
];

/** Files the bundles read beside themselves. */
const assets = [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'dist/web-tree-sitter.wasm'],
  ['server/grammar/tree-sitter-wit.wasm', 'dist/tree-sitter-wit.wasm'],
];

mkdirSync('dist', { recursive: true });
const present = entries.filter(([src]) => existsSync(src));
for (const [src] of entries) if (!existsSync(src)) console.warn(`esbuild: skipping missing entry ${src}`);

const options = {
  entryPoints: Object.fromEntries(present.map(([src, name]) => [name, src])),
  bundle: true,
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: production,
  // 'vscode' is provided by the extension host; dwarf-debugging is large, spawns its own worker
  // and loads its own wasm, so it stays a normal package loaded lazily at run time.
  external: ['vscode', '@vscode/dwarf-debugging'],
  logLevel: 'warning',
};

function copyAssets() {
  for (const [from, to] of assets) if (existsSync(from)) copyFileSync(from, to);
}

if (watch) {
  const ctx = await esbuild.context({ ...options, plugins: [{ name: 'assets', setup: (b) => b.onEnd(copyAssets) }] });
  await ctx.watch();
  console.log('esbuild: watching');
} else {
  await esbuild.build(options);
  copyAssets();
}
