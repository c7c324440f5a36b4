#!/usr/bin/env node
// `npm run package`: builds the production bundles and packages the extension into a .vsix with
// @vscode/vsce, offline.
//
// Packaging happens in a staging folder so the development build in dist/ is left alone (tests and
// `npm run watch` keep using it). The staging folder gets the production bundles, the files the
// manifest points at, and the one run-time package the bundles load from node_modules
// (@vscode/dwarf-debugging, with its own dependencies). Its package.json lists only that package as a
// dependency, so vsce's dependency walk finds exactly it; .vscodeignore then keeps only what runs.
//
//   --out FILE   where to write the .vsix (default: wasi-studio-<version>.vsix in the repository)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Packages the bundles leave external (see esbuild.mjs) and that therefore ship in node_modules. */
const runtimePackages = ['@vscode/dwarf-debugging'];

const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const out = resolve(args.includes('--out') ? args[args.indexOf('--out') + 1] : join(repoRoot, `${manifest.name}-${manifest.version}.vsix`));

function run(cmd, cmdArgs, cwd) {
  const r = spawnSync(cmd, cmdArgs, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

/** The package folder and the folders of its dependencies, recursively, as found from the repository. */
function packageClosure(name, seen = new Map()) {
  if (seen.has(name)) return seen;
  const dir = join(repoRoot, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) {
    console.error(`package: ${name} is not installed in node_modules; run npm ci`);
    process.exit(1);
  }
  seen.set(name, dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) packageClosure(dep, seen);
  return seen;
}

/** Relative file paths the manifest's contributions point at (grammars, icons, walkthrough pages...). */
function referencedFiles(value, found = new Set()) {
  if (typeof value === 'string') {
    const p = value.replace(/^\.\//, '');
    if (/^[\w.-]+\/[\w./-]+\.\w+$/.test(p) && existsSync(join(repoRoot, p)) && statSync(join(repoRoot, p)).isFile()) found.add(p);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) referencedFiles(v, found);
  }
  return found;
}

const stage = mkdtempSync(join(tmpdir(), 'wasi-studio-package-'));
try {
  console.log(`package: building production bundles in ${stage}`);
  run(process.execPath, [join(repoRoot, 'esbuild.mjs'), '--production', '--strict', '--outdir', join(stage, 'dist')], repoRoot);

  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
    if (!existsSync(join(repoRoot, f))) {
      console.error(`package: ${f} is missing`);
      process.exit(1);
    }
    cpSync(join(repoRoot, f), join(stage, f));
  }
  for (const dir of ['media', 'syntaxes']) cpSync(join(repoRoot, dir), join(stage, dir), { recursive: true });
  for (const f of referencedFiles({ contributes: manifest.contributes, icon: manifest.icon })) {
    mkdirSync(dirname(join(stage, f)), { recursive: true });
    cpSync(join(repoRoot, f), join(stage, f));
  }

  const closure = new Map();
  for (const name of runtimePackages) packageClosure(name, closure);
  for (const [name, dir] of closure) cpSync(dir, join(stage, 'node_modules', name), { recursive: true });

  const staged = { ...manifest };
  delete staged.devDependencies;
  delete staged.scripts;
  staged.dependencies = Object.fromEntries(runtimePackages.map((n) => [n, manifest.dependencies[n]]));
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(staged, null, 2)}\n`);

  mkdirSync(dirname(out), { recursive: true });
  const vsce = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  run(process.execPath, [vsce, 'package', '--out', out, '--ignoreFile', join(stage, '.vscodeignore'), '--allow-missing-repository', '--no-rewrite-relative-links'], stage);
  const mb = (statSync(out).size / 1024 / 1024).toFixed(1);
  console.log(`package: ${out} (${mb} MB)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
