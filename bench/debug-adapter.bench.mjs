// Debugger benchmarks, driven over DAP against dist/debug-adapter.js exactly as VS Code drives it:
//  1. F5 → first breakpoint on hello-world C (launch request to the `stopped` event), against the
//     same module's whole run under `wasi-studio run` (process start to exit) as the peer;
//  2. step latency: `next` request to `stopped` with the top frame's scopes and locals fetched
//     (the Variables view's work), p50 over a loop; peer: a `threads` round trip;
//  3. run-to-exit of a CPU-bound module under the debugger (no breakpoints) vs `wasi-studio run`,
//     at -O2 (expected ≈ 1) and -O0 (V8 tiers debugged code down: expected ≈ 3).
// Medians of several runs, peers measured in the same run; prints Markdown tables of ratios.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import testsupport from '@vscode/debugadapter-testsupport';

const { DebugClient } = testsupport;
const root = new URL('..', import.meta.url).pathname;
const adapter = join(root, 'dist/debug-adapter.js');
const cli = join(root, 'dist/cli.js');
const fixture = (name) => join(root, 'test/fixtures/debug/build', name);
const source = (name) => join(root, 'test/fixtures/debug/src', name);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

function mark(file, name) {
  const lines = readFileSync(source(file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`MARK:${name}`));
  if (i < 0) throw new Error(`marker ${name} missing in ${file}`);
  return i + 1;
}

/** Resolves with the first event of `type` that arrives after the call. */
function once(dc, type) {
  return new Promise((resolve) => dc.once(type, resolve));
}

async function session(launchArgs, breakpoints) {
  const dc = new DebugClient('node', adapter, 'wasi');
  dc.defaultTimeout = 120_000;
  await dc.start();
  const t0 = performance.now();
  const initialized = once(dc, 'initialized');
  const stopped = once(dc, 'stopped');
  const terminated = once(dc, 'terminated');
  await dc.initializeRequest({ adapterID: 'wasi', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  const launched = dc.launchRequest(launchArgs);
  await initialized;
  for (const b of breakpoints) await dc.setBreakpointsRequest({ source: { path: b.path }, breakpoints: b.lines.map((line) => ({ line })) });
  await dc.setExceptionBreakpointsRequest({ filters: ['traps'] });
  await launched;
  await dc.configurationDoneRequest();
  return { dc, t0, stopped, terminated };
}

function cliRun(wasm) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, 'run', wasm], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wasi-studio run ${wasm}: exit ${r.status}\n${r.stderr}`);
  return performance.now() - t0;
}

// 1. F5 → first breakpoint.
const ROUNDS = 5;
const f5 = [];
const plain = [];
for (let i = 0; i < ROUNDS; i++) {
  const s = await session({ program: fixture('hello-O0.wasm') }, [{ path: source('hello.c'), lines: [mark('hello.c', 'hello-first')] }]);
  await s.stopped;
  f5.push(performance.now() - s.t0);
  await s.dc.stop();
  plain.push(cliRun(fixture('hello-O0.wasm')));
}
console.log('| F5 to first breakpoint (hello-world C) | median | `wasi-studio run` whole run | ratio | target |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| launch → stopped | ${fmt(median(f5))} | ${fmt(median(plain))} | ${(median(f5) / median(plain)).toFixed(2)} | < 1000 ms |`);

// 2. Step latency with the Variables view's requests.
{
  const line = mark('demo.c', 'loop-body');
  const s = await session({ program: fixture('demo-O0.wasm') }, [{ path: source('demo.c'), lines: [line] }]);
  await s.stopped;
  await s.dc.setBreakpointsRequest({ source: { path: source('demo.c') }, breakpoints: [] });
  const steps = [];
  const trips = [];
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const stopped = once(s.dc, 'stopped');
    await s.dc.nextRequest({ threadId: 1 });
    await stopped;
    const st = await s.dc.stackTraceRequest({ threadId: 1, levels: 20 });
    const scopes = await s.dc.scopesRequest({ frameId: st.body.stackFrames[0].id });
    await s.dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
    steps.push(performance.now() - t0);
    const t1 = performance.now();
    await s.dc.threadsRequest();
    trips.push(performance.now() - t1);
  }
  await s.dc.stop();
  console.log('');
  console.log('| step latency (next → stopped + stack + scopes + locals) | p50 | p90 | DAP round trip (threads) p50 | ratio p50 | target |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| demo.c loop, -O0 | ${fmt(p(steps, 0.5))} | ${fmt(p(steps, 0.9))} | ${fmt(p(trips, 0.5))} | ${(p(steps, 0.5) / p(trips, 0.5)).toFixed(1)} | p50 < 100 ms |`);
}

// 3. Run to exit under the debugger vs wasi-studio run.
console.log('');
console.log('| run to exit, CPU-bound (cpu.c), no breakpoints | debugger | `wasi-studio run` | ratio | expected |');
console.log('| --- | --- | --- | --- | --- |');
for (const [wasm, expected] of [['cpu-O2.wasm', '≈ 1'], ['cpu-O0.wasm', '≈ 3']]) {
  const dbg = [];
  const run = [];
  for (let i = 0; i < 3; i++) {
    const s = await session({ program: fixture(wasm) }, []);
    await s.terminated;
    dbg.push(performance.now() - s.t0);
    await s.dc.stop();
    run.push(cliRun(fixture(wasm)));
  }
  console.log(`| ${wasm} | ${fmt(median(dbg))} | ${fmt(median(run))} | ${(median(dbg) / median(run)).toFixed(2)} | ${expected} |`);
}
