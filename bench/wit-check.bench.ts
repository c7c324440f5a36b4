// Benchmark: full parse + resolve + validate of WIT, ours against wit-parser (jco 1.35.0) on the
// same input in the same run. Prints a Markdown table of medians and the speed ratio.
//
// Inputs: a generated 2,000-line package (deterministic), and the WASI 0.2.12 packages as one
// source (our fixtures, each WASI package nested in a package of ours).
// jco has no WIT-only entry point, so its time is `componentEmbed({ dummy: true, witSource })`:
// parse + resolve + a dummy core module with the embedded metadata. The extra work is small
// next to resolution but it is included; the ratio slightly favours us for that reason.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { analyzeSources } from '../server/src/semantics/index';
import { loadWitParser, type WitParser } from '../server/src/syntax/parser';

const RUNS = 15;
const repoRoot = path.resolve(__dirname, '..', '..');

interface Embed {
  componentEmbed(opts: { dummy: boolean; witSource: string; world: string; features: { tag: 'list'; val: string[] } }): Promise<Uint8Array>;
}

async function loadJco(): Promise<Embed> {
  const url = pathToFileURL(require.resolve('@bytecodealliance/jco', { paths: [repoRoot] })).href;
  const dynamicImport = new Function('u', 'return import(u)') as (u: string) => Promise<Embed>;
  return dynamicImport(url);
}

/** A valid package of about `lines` lines using most WIT constructs. */
export function generatePackage(lines: number): string {
  const out = ['package bench:big@1.0.0;', ''];
  let i = 0;
  while (out.length < lines - 12) {
    const prev = i > 0 ? `iface${i - 1}` : undefined;
    out.push(`/// Interface number ${i}.`);
    out.push(`interface iface${i} {`);
    if (prev) out.push(`  use ${prev}.{rec${i - 1}, color${i - 1}};`);
    out.push(`  record rec${i} {`, `    id: u64,`, `    name: string,`, `    tags: list<string>,`, `    score: option<f64>,`, `  }`);
    out.push(`  enum color${i} { red, green, blue }`);
    out.push(`  variant shape${i} { none, circle(f32), named(rec${i}) }`);
    out.push(`  flags perms${i} { read, write, exec }`);
    out.push(`  resource handle${i} {`, `    constructor(r: rec${i});`, `    get: func() -> rec${i};`, `    merge: static func(a: borrow<handle${i}>, b: borrow<handle${i}>) -> handle${i};`, `  }`);
    out.push(`  type pair${i} = tuple<u32, rec${i}>;`);
    out.push(`  fetch${i}: func(id: u64, c: color${i}) -> result<rec${i}, string>;`);
    if (prev) out.push(`  convert${i}: func(old: rec${i - 1}, c: color${i - 1}) -> list<shape${i}>;`);
    out.push('}', '');
    i += 1;
  }
  out.push('world w {');
  for (let k = 0; k < i; k += 7) out.push(`  import iface${k};`);
  out.push(`  export iface${i - 1};`, `  export run: func() -> result;`, '}');
  return out.join('\n');
}

function wasiSource(): string {
  const dir = path.join(repoRoot, 'test', 'fixtures', 'wit', 'wasi-0.2', 'all');
  const nested = fs.readdirSync(path.join(dir, 'deps')).sort().map((f) => `${fs.readFileSync(path.join(dir, 'deps', f), 'utf8').replace(/^package ([^;]+);/m, 'package $1 {')}}\n`);
  return `${fs.readFileSync(path.join(dir, 'world.wit'), 'utf8')}\n${nested.join('\n')}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Our time for one input: the parse (syntax/, grammar helper) and resolve + validate (semantics/). */
function ours(parser: WitParser, text: string): { parse: number; resolve: number } {
  const t0 = performance.now();
  const ast = parser.parse('/bench/input.wit', text).ast;
  const t1 = performance.now();
  const a = analyzeSources({ location: '/bench/input.wit', files: [ast] }, [], { features: [] });
  const t2 = performance.now();
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`our analysis rejected the input: ${errors[0]?.message}`);
  return { parse: t1 - t0, resolve: t2 - t1 };
}

async function theirs(jco: Embed, text: string, world: string): Promise<number> {
  const t0 = performance.now();
  await jco.componentEmbed({ dummy: true, witSource: text, world, features: { tag: 'list', val: [] } });
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const parser = await loadWitParser();
  const jco = await loadJco();
  const inputs = [
    { name: 'generated package', text: generatePackage(2000), world: 'w' },
    { name: 'WASI 0.2 set (7 packages)', text: wasiSource(), world: 'all' },
  ];
  const rows: string[] = [];
  for (const input of inputs) {
    // Warm up both (JIT, wasm compilation), then interleave runs so load affects both alike.
    for (let w = 0; w < 3; w += 1) {
      ours(parser, input.text);
      await theirs(jco, input.text, input.world);
    }
    const parse: number[] = [];
    const resolve: number[] = [];
    const total: number[] = [];
    const jcoTimes: number[] = [];
    for (let r = 0; r < RUNS; r += 1) {
      const o = ours(parser, input.text);
      parse.push(o.parse);
      resolve.push(o.resolve);
      total.push(o.parse + o.resolve);
      jcoTimes.push(await theirs(jco, input.text, input.world));
    }
    const lines = input.text.split('\n').length;
    const mj = median(jcoTimes);
    const mt = median(total);
    const mr = median(resolve);
    rows.push(`| ${input.name} | ${lines} | ${median(parse).toFixed(2)} | ${mr.toFixed(2)} | ${mt.toFixed(2)} | ${mj.toFixed(2)} | **${(mj / mt).toFixed(2)}×** | ${(mj / mr).toFixed(2)}× |`);
  }
  console.log(`Full parse + resolve + validate, median of ${RUNS} interleaved runs, times in ms. Speed-up = jco ÷ ours`);
  console.log('(higher is better for us; target ≥ 3×). The last column compares jco\'s whole pipeline with our');
  console.log('resolve + validate stage alone (server/src/semantics), to show where our time goes.');
  console.log('');
  console.log('| input | lines | ours: parse | ours: resolve + validate | ours: total | jco componentEmbed | speed-up (total) | speed-up (resolve only) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
}

if (require.main === module) main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : String(e));
  process.exit(1);
});
