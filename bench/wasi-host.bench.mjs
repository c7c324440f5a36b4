// WASI host throughput and start-up against Node's `node:wasi` (uvwasi, C++) in the same run, with
// @bjorn3/browser_wasi_shim (pure JS, in-memory files) where it can run the case. Medians of 5 runs,
// hosts interleaved per round; each run is its own process (bench/wasi-host.child.mjs), which times
// the module's run only, twice: the first run in a fresh process (the JIT still warming up on a
// JavaScript host's code) and a second, warm run with a new host instance. Cold start is process
// start to the first byte of output. Prints a Markdown table: ours/node:wasi ratios (≤ 1.0 is the
// target) and the access-log overhead.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = new URL('..', import.meta.url).pathname;
const ROUNDS = 5;
const child = join(root, 'bench/wasi-host.child.mjs');
const scratch = mkdtempSync(join(tmpdir(), 'wasi-bench-'));
const sandbox = join(scratch, 'sandbox');
mkdirSync(sandbox);
// The walk tree: 20 directories of 50 files.
for (let d = 0; d < 20; d++) {
  mkdirSync(join(sandbox, 'tree', `d${d}`), { recursive: true });
  for (let f = 0; f < 50; f++) writeFileSync(join(sandbox, 'tree', `d${d}`, `f${f}`), '');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** One process's {ms, warmMs}; undefined when the runs exceeded `timeoutMs`. */
function measureRun(host, workload, count, timeoutMs) {
  const r = spawnSync(process.execPath, ['--no-warnings', child, host, workload, String(count), sandbox, join(scratch, 'access.jsonl')],
    { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20 });
  if (r.error?.code === 'ETIMEDOUT' || r.signal) return undefined;
  const line = r.stdout.split('\n').find((l) => l.startsWith('{"ms"'));
  if (r.status !== 0 || !line) throw new Error(`${host} ${workload}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(line);
}

/** Process start to the first byte on stdout. */
function coldStart(args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let first;
    p.stdout.once('data', () => { first = performance.now() - t0; });
    p.on('exit', (code) => (code === 0 && first !== undefined ? resolve(first) : reject(new Error(`${args.join(' ')}: exit ${code}`))));
  });
}

const hello = join(root, 'test/fixtures/wasi/build/hello.wasm');
const nodeHello = `import { WASI } from 'node:wasi'; import { readFileSync } from 'node:fs';
const wasi = new WASI({ version: 'preview1', args: ['hello.wasm'], env: {}, preopens: {} });
wasi.start(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(${JSON.stringify(hello)})), wasi.getImportObject()));`;
const shimHello = `import { WASI, OpenFile, File, ConsoleStdout } from '@bjorn3/browser_wasi_shim'; import { readFileSync } from 'node:fs';
const out = new ConsoleStdout((b) => process.stdout.write(b));
const wasi = new WASI(['hello.wasm'], [], [new OpenFile(new File([])), out, out], { debug: false });
wasi.start(new WebAssembly.Instance(new WebAssembly.Module(readFileSync(${JSON.stringify(hello)})), { wasi_snapshot_preview1: wasi.wasiImport }));`;

const workloads = [
  { title: '200,000 × 16-byte fd_write to a file + read back', workload: 'write', count: 200000 },
  { title: '20,000 × path_open + fd_close', workload: 'open', count: 20000 },
  { title: 'fd_readdir walk of 1,020 entries × 10', workload: 'walk', count: 10 },
];
const rows = [];
for (const w of workloads) {
  const times = { ours: [], 'ours-log': [], node: [], shim: [] };
  const warm = { ours: [], 'ours-log': [], node: [], shim: [] };
  let shimNote = '';
  for (let round = 0; round < ROUNDS; round++) {
    for (const host of ['node', 'ours', 'ours-log']) {
      const r = measureRun(host, w.workload, w.count);
      times[host].push(r.ms);
      warm[host].push(r.warmMs);
    }
    // The shim keeps files in memory; its file grows by copying, so the write case can take minutes.
    // It gets a budget of 30 × node:wasi's time per run and is reported as slower than that when it runs out.
    if (shimNote === '') {
      const budget = Math.round(Math.max(2000, 30 * times.node[round]));
      const r = measureRun('shim', w.workload, w.count, 2 * budget + 1000);
      if (r === undefined) shimNote = `> ${(budget / 1000).toFixed(0)} s (stopped)`;
      else {
        times.shim.push(r.ms);
        warm.shim.push(r.warmMs);
      }
    }
  }
  rows.push({ title: w.title, times, warm, shimNote });
}

const cold = { ours: [], 'ours-log': [], node: [], shim: [] };
// A start takes ~60 ms, so more rounds than the throughput cases: a few ms of noise is several percent here.
const COLD_ROUNDS = 15;
for (let round = 0; round < COLD_ROUNDS; round++) {
  cold.node.push(await coldStart(['--no-warnings', '--input-type=module', '-e', nodeHello]));
  cold.ours.push(await coldStart([join(root, 'dist/cli.js'), 'run', hello]));
  cold['ours-log'].push(await coldStart([join(root, 'dist/cli.js'), 'run', '--log', join(scratch, 'cold.jsonl'), hello]));
  cold.shim.push(await coldStart(['--input-type=module', '-e', shimHello]));
}
rows.push({ title: 'cold start of hello world (process start → first output)', times: cold, shimNote: '' });
rmSync(scratch, { recursive: true, force: true });

const fmt = (ms) => (ms === undefined ? 'n/a' : ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const ratio = (a, b) => (a === undefined || b === undefined ? 'n/a' : (a / b).toFixed(2));
const medians = (times) => Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.length > 0 ? median(v) : undefined]));
console.log('| case | **ours / node:wasi** | warm: ours / node:wasi | ours (ms) | ours + access log (ms) | log overhead | node:wasi (ms) | browser_wasi_shim (ms) | shim / node:wasi |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const m = medians(r.times);
  const w = r.warm !== undefined ? medians(r.warm) : undefined;
  const both = (k) => (w === undefined ? fmt(m[k]) : `${fmt(m[k])} / ${fmt(w[k])}`);
  const overhead = `${(((m['ours-log'] / m.ours) - 1) * 100).toFixed(0)} %`;
  const shim = r.shimNote !== '' ? r.shimNote : both('shim');
  const shimRatio = r.shimNote !== '' ? `> ${ratio(Number(r.shimNote.match(/\d+/)[0]) * 1000, m.node)}` : ratio(m.shim, m.node);
  const warmRatio = w === undefined ? '–' : ratio(w.ours, w.node);
  console.log(`| ${r.title} | **${ratio(m.ours, m.node)}** | ${warmRatio} | ${both('ours')} | ${both('ours-log')} | ${overhead} | ${both('node')} | ${shim} | ${shimRatio} |`);
}
console.log(`\nMedian of ${ROUNDS} runs per host (${COLD_ROUNDS} for cold start), interleaved. Times are "first run / warm run": the first run in a fresh process, then a second run in the same process with a new host instance (JavaScript hosts have warmed up by then). The ratio in bold is the first run's. "ours + access log" writes JSON Lines records to a file (default folding of repeated calls).`);
