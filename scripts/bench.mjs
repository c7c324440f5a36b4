#!/usr/bin/env node
// `npm run bench`: runs every benchmark in sequence and collects what they print into
// bench/results/latest.md.
//
// A benchmark is bench/<name>.bench.mjs, or bench/<name>.bench.ts compiled to out/bench/<name>.bench.js.
// It is run as its own Node process from the repository root, prints a Markdown table (ratios against a
// peer measured in the same run, not absolute times) and exits non-zero when it cannot measure. The
// runner compiles and bundles first, since benchmarks may load out/ or spawn dist/.
//
//   --filter TEXT   only benchmarks whose file name contains TEXT
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : undefined;

function list(dir, suffix) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(suffix)).sort().map((f) => join(dir, f)) : [];
}

const hasTs = list(join(repoRoot, 'bench'), '.bench.ts').length > 0;
if (hasTs) {
  // tsc still emits when unrelated files have type errors; a bench that did not compile is reported below.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repoRoot, stdio: 'ignore' });
}
spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });

const files = [...list(join(repoRoot, 'bench'), '.bench.mjs'), ...list(join(repoRoot, 'out/bench'), '.bench.js')]
  .filter((f) => !filter || f.includes(filter));
if (files.length === 0) {
  console.error(`bench: no benchmarks found (bench/*.bench.mjs, out/bench/*.bench.js)${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}

/** Runs one benchmark, echoing its output; resolves with what it printed and its exit status. */
function runOne(file) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { stderr += d; process.stderr.write(d); });
    child.on('exit', (code, signal) => resolveRun({ stdout, stderr, status: code ?? signal }));
  });
}

const started = new Date();
const sections = [];
let failures = 0;
for (const file of files) {
  const name = file.slice(repoRoot.length + 1);
  console.log(`\n## ${name}\n`);
  const t0 = Date.now();
  const r = await runOne(file);
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) failures += 1;
  sections.push([
    `## ${name}`, '',
    r.stdout.trim() || '(no output)', '',
    r.status === 0 ? `_${seconds} s_` : `**failed** (exit ${r.status}) after ${seconds} s:\n\n\`\`\`\n${r.stderr.trim().slice(-2000)}\n\`\`\``,
    '',
  ].join('\n'));
}

const header = [
  '# Benchmark results', '',
  `${started.toISOString()} · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`, '',
  'Ratios compare against a peer measured in the same run; absolute times on shared machines are noise.', '',
].join('\n');
mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
writeFileSync(join(repoRoot, 'bench/results/latest.md'), `${header}\n${sections.join('\n')}`);
console.log(`\nbench: ${files.length - failures} of ${files.length} benchmarks ran; results in bench/results/latest.md`);
process.exit(failures === 0 ? 0 : 1);
