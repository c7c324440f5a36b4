// Unit-level checks of the adapter's pure helpers (no adapter process): hit conditions, Rust name
// demangling, launch configuration → policy, program lookups and disassembly windows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { hitConditionMet } from '../../../debug-adapter/src/runner/breakpoints';
import { demangle } from '../../../debug-adapter/src/runner/demangle';
import { policyFromLaunch } from '../../../debug-adapter/src/runner/launchPolicy';
import { Program } from '../../../debug-adapter/src/runner/program';
import { disassembleAround } from '../../../debug-adapter/src/runner/disassembly';
import { mark, src, wasm, fixtureDir } from './helpers';

test('hit conditions', () => {
  assert.equal(hitConditionMet('3', 2), false);
  assert.equal(hitConditionMet('3', 3), true);
  assert.equal(hitConditionMet('== 3', 4), false);
  assert.equal(hitConditionMet('>= 3', 4), true);
  assert.equal(hitConditionMet('> 3', 3), false);
  assert.equal(hitConditionMet('< 2', 1), true);
  assert.equal(hitConditionMet('<= 2', 3), false);
  assert.equal(hitConditionMet('% 2', 4), true);
  assert.equal(hitConditionMet('% 2', 3), false);
  assert.equal(hitConditionMet('% 0', 3), false);
  assert.equal(hitConditionMet('often', 3), false);
});

test('Rust legacy symbols demangle; other names stay', () => {
  assert.equal(demangle('_ZN4demo4main17h0123456789abcdefE'), 'demo::main');
  assert.equal(demangle('_ZN5alloc3vec16Vec$LT$T$C$A$GT$4push17h1111111111111111E'), 'alloc::vec::Vec<T,A>::push');
  assert.equal(demangle('_ZN4core3ptr13drop_in_place17h2222222222222222E'), 'core::ptr::drop_in_place');
  assert.equal(demangle('main'), 'main');
  assert.equal(demangle('_ZN3bad'), '_ZN3bad');
  assert.equal(demangle('_ZN99E'), '_ZN99E');
});

test('launch configuration becomes a host policy', () => {
  const p = policyFromLaunch({
    program: '/w/app.wasm', args: ['--x'], env: { A: '1' }, inheritEnv: true,
    preopens: [{ host: 'data', guest: '/data', readonly: true }], stdin: 'in.txt', allow: { clock: false },
  }, { HOME: '/root', A: 'host' }, '/w');
  assert.deepEqual(p.args, ['app.wasm', '--x']);
  assert.deepEqual(p.env, { HOME: '/root', A: '1' });
  assert.deepEqual(p.preopens, [{ host: '/w/data', guest: '/data', readonly: true }]);
  assert.deepEqual(p.stdin, { kind: 'file', path: '/w/in.txt' });
  assert.deepEqual(p.allow, { clock: false, random: true, sockets: false, exit: true });
  const bare = policyFromLaunch({ program: 'a.wasm' }, { HOME: '/root' }, '/w');
  assert.deepEqual(bare.env, {});
  assert.deepEqual(bare.stdin, { kind: 'none' });
  assert.deepEqual(bare.preopens, []);
});

test('Program: loading errors, breakpoint placement, entry point, function names', () => {
  const missing = Program.load({ program: join(fixtureDir, 'build/none.wasm') });
  assert.ok('error' in missing && /Program not found/.test(missing.error));
  const notWasm = Program.load({ program: src('demo.c') });
  assert.ok('error' in notWasm && /not a valid WebAssembly module/.test(notWasm.error));
  const p = Program.load({ program: wasm('demo-O0.wasm') });
  assert.ok(!('error' in p));
  const placed = p.placeBreakpoint(src('demo.c'), mark('demo.c', 'loop-body'));
  assert.ok('addresses' in placed && placed.addresses.length > 0 && placed.line === mark('demo.c', 'loop-body'));
  const entry = p.entryAddress();
  assert.ok(entry !== undefined);
  assert.equal(p.positionAt(entry)?.line, mark('demo.c', 'main-first'));
  assert.equal(p.functionNameAt(entry), 'main');
  assert.ok(p.sources().some((s) => s.path === src('demo.c') && s.available));
  assert.ok(p.sources().some((s) => !s.available));
  assert.ok(p.functionBreakpointAddresses('add_squares').length === 1);
  assert.deepEqual(p.functionBreakpointAddresses('nope'), []);
  const rs = Program.load({ program: wasm('demo_rs.wasm') });
  assert.ok(!('error' in rs));
  const rsEntry = rs.entryAddress();
  assert.ok(rsEntry !== undefined);
  assert.equal(rs.functionNameAt(rsEntry), 'demo::main');
  assert.equal(rs.positionAt(rsEntry)?.line, mark('demo.rs', 'rs-first'));
});

test('disassembly windows cross functions and pad past the ends', () => {
  const p = Program.load({ program: wasm('demo-O0.wasm') });
  assert.ok(!('error' in p));
  const entry = p.entryAddress() ?? 0;
  const around = disassembleAround(p, entry, -3, 7);
  assert.equal(around.length, 7);
  assert.equal(around[3].codeOffset <= entry, true);
  assert.ok(around[3].codeOffset > around[2].codeOffset);
  const first = p.bodyRange(p.info.functions[0]);
  const before = disassembleAround(p, first.start, -5, 8);
  assert.equal(before.length, 8);
  assert.deepEqual(before.slice(0, 5).map((l) => l.text), ['??', '??', '??', '??', '??']);
  assert.equal(before[5].symbol, p.functionNameAt(first.start));
  assert.equal(before[5].codeOffset, p.info.functions[0].instructionsOffset - p.codeOffset);
  const last = p.bodyRange(p.info.functions[p.info.functions.length - 1]);
  const after = disassembleAround(p, last.end - 1, 0, 4);
  assert.equal(after.length, 4);
  assert.equal(after[3].text, '??');
});

test('a host call is attributed to the innermost frame with local source, else the innermost mapped frame', () => {
  const here = Program.load({ program: wasm('files-O0.wasm') });
  assert.ok(!('error' in here));
  const lines = here.lines.entries;
  // One address in a libc file (no source on this machine) and one on the user's fopen line.
  const libc = lines.find((e) => e.line > 0 && here.positionAt(e.address)?.source.available === false);
  const user = lines.find((e) => e.line === mark('files.c', 'files-write') && here.positionAt(e.address)?.source.available === true);
  assert.ok(libc && user);
  const frame = (address: number): { fn: number; offset: number } => ({ fn: 0, offset: address + here.codeOffset });
  // Innermost first: an unmapped offset (before the code), the libc wrapper, then the user's line.
  const record = { wasmFrames: [{ fn: 0, offset: 0 }, frame(libc.address), frame(user.address)] };
  assert.deepEqual(pick(here.callerPosition(record)), { path: src('files.c'), line: mark('files.c', 'files-write') });
  // Only the innermost caller (records from before wasmFrames): its own line, libc's.
  assert.equal(here.callerPosition({ wasmOffset: libc.address + here.codeOffset })?.source.available, false);
  assert.equal(here.callerPosition({}), undefined);

  // The same module where its sources are not found: the innermost frame the line table maps.
  const dir = mkdtempSync(join(tmpdir(), 'wasi-caller-'));
  copyFileSync(wasm('files-O0.wasm'), join(dir, 'files.wasm'));
  const elsewhere = Program.load({ program: join(dir, 'files.wasm') });
  assert.ok(!('error' in elsewhere));
  const fallback = elsewhere.callerPosition(record);
  assert.equal(fallback?.source.available, false);
  assert.equal(fallback?.line, libc.line);
});

function pick(pos: { source: { path: string }; line: number } | undefined): { path: string; line: number } | undefined {
  return pos && { path: pos.source.path, line: pos.line };
}
