import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readModule, isReadError, customSectionBytes, type WasmModuleInfo } from '../../../debug-adapter/src/wasm/module';
import { decodeDebugLine } from '../../../debug-adapter/src/dwarf/debugLine';
import { LineTable, joinDwarfPath } from '../../../debug-adapter/src/dwarf/lineTable';
import { mapSourcePath, applyOverrides } from '../../../debug-adapter/src/dwarf/paths';

const root = join(__dirname, '..', '..', '..', '..');
const fixtureDir = join(root, 'test/fixtures/debug');

function load(name: string): { bytes: Uint8Array; info: WasmModuleInfo } {
  const bytes = readFileSync(join(fixtureDir, 'build', name));
  const info = readModule(bytes);
  if (isReadError(info)) assert.fail(info.error);
  return { bytes, info };
}

/** The line number of the `MARK:<name>` comment in a fixture source. */
function markLine(file: string, name: string): number {
  const lines = readFileSync(join(fixtureDir, 'src', file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(`MARK:${name}`));
  assert.ok(i >= 0, `marker ${name}`);
  return i + 1;
}

interface GoldenProgram {
  offset: number;
  version: number;
  dirs: string[];
  files: string[];
  rows: string[];
}

/** Parses `llvm-dwarfdump --debug-line` output into comparable records. */
function parseGolden(text: string): GoldenProgram[] {
  const out: GoldenProgram[] = [];
  let cur: GoldenProgram | undefined;
  let pendingFile: { name?: string } | undefined;
  for (const line of text.split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^debug_line\[0x([0-9a-f]+)\]$/))) {
      cur = { offset: parseInt(m[1], 16), version: 0, dirs: [], files: [], rows: [] };
      out.push(cur);
    } else if (!cur) continue;
    else if ((m = line.match(/^ +version: (\d+)$/))) cur.version = Number(m[1]);
    else if ((m = line.match(/^include_directories\[ *(\d+)\] = "(.*)"$/))) cur.dirs.push(`${m[1]}=${m[2]}`);
    else if (line.match(/^file_names\[ *\d+\]:$/)) pendingFile = {};
    else if (pendingFile && (m = line.match(/^ +name: "(.*)"$/))) pendingFile.name = m[1];
    else if (pendingFile && (m = line.match(/^ +dir_index: (\d+)$/))) {
      cur.files.push(`${pendingFile.name}@${m[1]}`);
      pendingFile = undefined;
    } else if ((m = line.match(/^0x([0-9a-f]{16}) +(\d+) +(\d+) +(\d+) +\d+ +\d+ *(.*)$/))) {
      const flags = m[5].split(/\s+/).filter((f) => f === 'is_stmt' || f === 'prologue_end' || f === 'end_sequence');
      cur.rows.push(`${parseInt(m[1], 16)} ${m[2]}:${m[3]} f${m[4]} ${flags.join(',')}`);
    }
  }
  return out;
}

function checkAgainstLlvm(wasm: string, golden: string): void {
  const { bytes, info } = load(wasm);
  const debugLine = customSectionBytes(bytes, info, '.debug_line');
  assert.ok(debugLine);
  const decoded = decodeDebugLine({ debugLine, debugLineStr: customSectionBytes(bytes, info, '.debug_line_str'), debugStr: customSectionBytes(bytes, info, '.debug_str') });
  assert.deepEqual(decoded.errors, []);
  const expected = parseGolden(readFileSync(join(fixtureDir, 'golden', golden), 'utf8'));
  assert.equal(decoded.programs.length, expected.length);
  decoded.programs.forEach((p, i) => {
    const e = expected[i];
    assert.equal(p.offset, e.offset);
    assert.equal(p.version, e.version);
    const firstDir = p.version >= 5 ? 0 : 1;
    assert.deepEqual(p.directories.slice(firstDir).map((d, k) => `${k + firstDir}=${d}`), e.dirs, `dirs of program ${i}`);
    const firstFile = p.version >= 5 ? 0 : 1;
    assert.deepEqual(p.files.slice(firstFile).map((f) => `${f?.name}@${f?.directoryIndex}`), e.files, `files of program ${i}`);
    // llvm-dwarfdump 14 hides sequences wasm-ld tombstoned with address -1 (0xffffffff).
    const kept: typeof p.rows[number][] = [];
    let sequence: typeof p.rows[number][] = [];
    for (const r of p.rows) {
      sequence.push(r);
      if (r.endSequence) {
        if (sequence[0].address < 0xffffffff) kept.push(...sequence);
        sequence = [];
      }
    }
    const rows = kept.map((r) => `${r.address} ${r.line}:${r.column} f${r.file} ${[r.isStmt && 'is_stmt', r.prologueEnd && 'prologue_end', r.endSequence && 'end_sequence'].filter(Boolean).join(',')}`);
    assert.deepEqual(rows, e.rows, `rows of program ${i}`);
  });
}

test('.debug_line DWARF 4 (clang-14 -O0) decodes exactly like llvm-dwarfdump', () => {
  checkAgainstLlvm('demo-O0.wasm', 'demo-O0.debug-line.txt');
});

test('.debug_line DWARF 4 (clang-14 -O2) decodes exactly like llvm-dwarfdump', () => {
  checkAgainstLlvm('demo-O2.wasm', 'demo-O2.debug-line.txt');
});

test('.debug_line DWARF 5 (clang-19, .debug_line_str) decodes exactly like llvm-dwarfdump', () => {
  checkAgainstLlvm('demo-dwarf5.wasm', 'demo-dwarf5.debug-line.txt');
});

test('line table maps demo.c lines to code and back, and drops tombstoned sequences', () => {
  for (const wasm of ['demo-O0.wasm', 'demo-dwarf5.wasm']) {
    const { bytes, info } = load(wasm);
    const table = LineTable.fromModule(bytes, info);
    assert.deepEqual(table.errors, [], wasm);
    const file = table.files.find((f) => f.dwarfPath === 'src/demo.c');
    assert.ok(file, `${wasm}: ${table.files.map((f) => f.dwarfPath).slice(0, 5).join(', ')}`);
    assert.ok(!table.entries.some((e) => e.address === 0));
    const loopBody = markLine('demo.c', 'loop-body');
    const addrs = table.breakpointAddresses(file.id, loopBody);
    assert.ok(addrs.length >= 1, wasm);
    for (const a of addrs) {
      const e = table.entryAt(a);
      assert.equal(e?.line, loopBody);
      assert.equal(e?.fileId, file.id);
    }
    // A comment line has no code: the breakpoint moves to the next line that has.
    assert.equal(table.nearestLineWithCode(file.id, 1), markLine('demo.c', 'square-body') - 1);
    assert.equal(table.nearestLineWithCode(file.id, 10_000), undefined);
    // The function table finds main and square by source name.
    const [main] = table.functionsNamed('main');
    assert.ok(main, wasm);
    const first = table.firstStatementAddress(main);
    assert.ok(first !== undefined);
    assert.equal(table.entryAt(first)?.line, markLine('demo.c', 'main-first'), wasm);
    const [square] = table.functionsNamed('square');
    assert.equal(table.functionAt(square.lowPc + 2), square);
  }
});

test('line ranges for stepping are sorted, merged and cover only the line (or line 0)', () => {
  const { bytes, info } = load('demo-O0.wasm');
  const table = LineTable.fromModule(bytes, info);
  const file = table.files.find((f) => f.dwarfPath === 'src/demo.c');
  assert.ok(file);
  const [fn] = table.functionsNamed('sum_array');
  const line = markLine('demo.c', 'loop-body');
  const ranges = table.lineRanges(file.id, line, { start: fn.lowPc, end: fn.highPc });
  assert.ok(ranges.length >= 1);
  for (let i = 0; i < ranges.length; i++) {
    assert.ok(ranges[i].start < ranges[i].end);
    if (i > 0) assert.ok(ranges[i].start > ranges[i - 1].end);
    assert.ok(ranges[i].start >= fn.lowPc && ranges[i].end <= fn.highPc);
    for (let a = ranges[i].start; a < ranges[i].end; a++) {
      const e = table.entryAt(a);
      assert.ok(e && (e.line === 0 || e.line === line));
    }
  }
});

test('wasi-libc files are listed with their DWARF paths', () => {
  const { bytes, info } = load('demo-O0.wasm');
  const table = LineTable.fromModule(bytes, info);
  assert.ok(table.files.some((f) => f.dwarfPath === 'build/libc-bottom-half/crt/crt1-command.c'), table.files.slice(0, 3).map((f) => f.dwarfPath).join());
  assert.ok(table.files.length > 10, String(table.files.length));
});

test('Rust line tables and qualified function names', () => {
  const { bytes, info } = load('demo_rs.wasm');
  const table = LineTable.fromModule(bytes, info);
  assert.deepEqual(table.errors, []);
  const file = table.files.find((f) => f.dwarfPath === 'src/demo.rs');
  assert.ok(file);
  assert.ok(table.breakpointAddresses(file.id, markLine('demo.rs', 'rs-first')).length > 0);
  const [main] = table.functionsNamed('demo::main');
  assert.ok(main);
  assert.equal(table.functionsNamed('demo::area').length, 1);
});

test('DWARF paths join onto directories and compilation directories', () => {
  assert.equal(joinDwarfPath('/home/u/proj', '', 'src/a.c'), '/home/u/proj/src/a.c');
  assert.equal(joinDwarfPath('/home/u/proj', 'include', 'b.h'), '/home/u/proj/include/b.h');
  assert.equal(joinDwarfPath('/home/u/proj', '/usr/include', 'stdio.h'), '/usr/include/stdio.h');
  assert.equal(joinDwarfPath('.', './src', 'x.c'), 'src/x.c');
  assert.equal(joinDwarfPath('C:\\w', '', 'C:\\w\\m.c'), 'C:/w/m.c');
});

test('source paths map through overrides, relative bases and existence', () => {
  const present = new Set(['/ws/src/demo.c', '/local/proj/main.c']);
  const exists = (p: string): boolean => present.has(p);
  assert.deepEqual(mapSourcePath('src/demo.c', { baseDir: '/ws', overrides: {}, exists }), { path: '/ws/src/demo.c', available: true });
  assert.deepEqual(mapSourcePath('/build/proj/main.c', { baseDir: '/ws', overrides: { '/build/proj/*': '/local/proj/*' }, exists }), { path: '/local/proj/main.c', available: true });
  assert.deepEqual(mapSourcePath('build/libc-bottom-half/crt/crt1-command.c', { baseDir: '/ws', overrides: {}, exists }), { path: '/ws/build/libc-bottom-half/crt/crt1-command.c', available: false });
  assert.equal(applyOverrides('/a/b/c', { '/a': '/x', '/a/b': '/y' }), '/y/c');
  assert.equal(applyOverrides('/z', { '/a': '/x' }), undefined);
});

test('malformed .debug_line gives errors, not exceptions', () => {
  const { bytes, info } = load('demo-O0.wasm');
  const good = customSectionBytes(bytes, info, '.debug_line');
  assert.ok(good);
  for (const cut of [1, 5, 30, 200, 5000]) {
    const r = decodeDebugLine({ debugLine: good.subarray(0, cut) });
    assert.ok(r.errors.length === 1, `cut ${cut}`);
  }
  const garbage = Uint8Array.from(good.subarray(0, 400));
  garbage[4] = 9; // version 9
  assert.match(decodeDebugLine({ debugLine: garbage }).errors[0], /unsupported line table version 9/);
});

test('mutated DWARF sections never make the line table throw', () => {
  const { bytes, info } = load('demo-O0.wasm');
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const targets = info.customSections.filter((c) => ['.debug_info', '.debug_line', '.debug_abbrev', '.debug_str'].includes(c.name));
  for (let round = 0; round < 60; round++) {
    const copy = Uint8Array.from(bytes);
    for (let k = 0; k < 20; k++) {
      const s = targets[rand(targets.length)];
      copy[s.dataOffset + rand(Math.min(s.dataSize, 4000))] = rand(256);
    }
    const reread = readModule(copy);
    if (isReadError(reread)) continue;
    const table = LineTable.fromModule(copy, reread);
    assert.ok(Array.isArray(table.entries));
  }
});
