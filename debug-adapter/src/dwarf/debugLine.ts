// Decodes `.debug_line` (DWARF 2–5, 32- and 64-bit) into line programs: header, directories, files
// and every row the state machine emits. Pure, and total on malformed input: a broken program ends
// the decoding with an error message, and the programs decoded before it are kept.
//
// Addresses in wasm DWARF are offsets relative to the Code section payload.

import { ByteReader, WasmReadError } from '../wasm/reader';

export interface LineFileEntry {
  readonly name: string;
  /** Index into `directories` (already resolved for the version's numbering). */
  readonly directoryIndex: number;
}

export interface LineRow {
  readonly address: number;
  /** File index as written in the program (1-based before DWARF 5, 0-based from 5). */
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly prologueEnd: boolean;
  readonly endSequence: boolean;
}

export interface LineProgram {
  /** Offset of this program in `.debug_line` (= a CU's `DW_AT_stmt_list`). */
  readonly offset: number;
  readonly version: number;
  /** Directories; from DWARF 5 entry 0 is the compilation directory. Before 5, entry 0 is '' (the CU's comp_dir). */
  readonly directories: readonly string[];
  /** Files in program numbering: `files[row.file]`; before DWARF 5, entry 0 is a placeholder. */
  readonly files: readonly (LineFileEntry | undefined)[];
  readonly rows: readonly LineRow[];
}

export interface DebugLineSections {
  readonly debugLine: Uint8Array;
  readonly debugLineStr?: Uint8Array;
  readonly debugStr?: Uint8Array;
}

export interface DebugLineResult {
  readonly programs: readonly LineProgram[];
  readonly errors: readonly string[];
}

/** Decodes every line program in `.debug_line`. Never throws. */
export function decodeDebugLine(sections: DebugLineSections): DebugLineResult {
  const programs: LineProgram[] = [];
  const errors: string[] = [];
  const r = new ByteReader(sections.debugLine);
  while (r.pos < sections.debugLine.length) {
    const offset = r.pos;
    try {
      const { program, next } = decodeProgram(r, offset, sections);
      programs.push(program);
      r.pos = next;
    } catch (e) {
      if (!(e instanceof WasmReadError)) throw e;
      errors.push(`.debug_line program at 0x${offset.toString(16)} is malformed at 0x${e.offset.toString(16)}: ${e.message}`);
      break;
    }
  }
  return { programs, errors };
}

/** Reads a NUL-terminated string from `bytes` at `offset`; '' when out of range. */
export function cString(bytes: Uint8Array | undefined, offset: number): string {
  if (!bytes || offset < 0 || offset >= bytes.length) return '';
  let end = offset;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return utf8.decode(bytes.subarray(offset, end));
}

const utf8 = new TextDecoder();

const DW_LNCT_path = 1;
const DW_LNCT_directory_index = 2;

function readCString(r: ByteReader): string {
  const start = r.pos;
  while (r.u8() !== 0) { /* scan to the terminator */ }
  return utf8.decode(r.bytes.subarray(start, r.pos - 1));
}

/** Reads a section offset or length: 4 bytes in 32-bit DWARF, 8 in 64-bit DWARF. */
export function readOffset(r: ByteReader, is64: boolean): number {
  if (!is64) return r.u32le();
  const lo = r.u32le();
  const hi = r.u32le();
  return hi * 2 ** 32 + lo;
}

function decodeProgram(r: ByteReader, offset: number, sections: DebugLineSections): { program: LineProgram; next: number } {
  let unitLength = r.u32le();
  let is64 = false;
  if (unitLength === 0xffffffff) {
    is64 = true;
    unitLength = readOffset(r, true);
  } else if (unitLength >= 0xfffffff0) {
    throw new WasmReadError(`reserved unit length 0x${unitLength.toString(16)}`, offset);
  }
  const end = r.pos + unitLength;
  if (end > r.end) throw new WasmReadError('unit runs past the end of .debug_line', r.pos);
  const version = r.u8() | (r.u8() << 8);
  if (version < 2 || version > 5) throw new WasmReadError(`unsupported line table version ${version}`, r.pos - 2);
  let addressSize = 4;
  if (version >= 5) {
    addressSize = r.u8();
    r.u8(); // segment selector size
  }
  const headerLength = readOffset(r, is64);
  const programStart = r.pos + headerLength;
  const minInstLength = r.u8();
  if (version >= 4) r.u8(); // maximum_operations_per_instruction: VLIW only, always 1 for wasm
  const defaultIsStmt = r.u8() !== 0;
  const lineBase = (r.u8() << 24) >> 24;
  const lineRange = r.u8();
  const opcodeBase = r.u8();
  if (lineRange === 0) throw new WasmReadError('line_range is 0', r.pos - 2);
  const standardLengths: number[] = [0];
  for (let i = 1; i < opcodeBase; i++) standardLengths.push(r.u8());

  const directories: string[] = [];
  const files: (LineFileEntry | undefined)[] = [];
  if (version >= 5) {
    for (const entry of readEntryList(r, is64, sections)) directories.push(entry.path);
    for (const entry of readEntryList(r, is64, sections)) files.push({ name: entry.path, directoryIndex: entry.directoryIndex });
  } else {
    directories.push('');
    for (;;) {
      const dir = readCString(r);
      if (dir === '') break;
      directories.push(dir);
    }
    files.push(undefined);
    for (;;) {
      const name = readCString(r);
      if (name === '') break;
      const directoryIndex = r.u32();
      r.u64(); // modification time
      r.u64(); // length
      files.push({ name, directoryIndex });
    }
  }

  r.pos = programStart;
  const rows: LineRow[] = [];
  const program = new ByteReader(r.bytes, programStart, end);
  let address = 0;
  let file = 1;
  let line = 1;
  let column = 0;
  let isStmt = defaultIsStmt;
  let prologueEnd = false;
  const reset = (): void => {
    address = 0; file = 1; line = 1; column = 0; isStmt = defaultIsStmt; prologueEnd = false;
  };
  const emit = (endSequence: boolean): void => {
    rows.push({ address, file, line, column, isStmt, prologueEnd, endSequence });
    prologueEnd = false;
  };
  while (!program.atEnd) {
    const op = program.u8();
    if (op >= opcodeBase) {
      const adjusted = op - opcodeBase;
      address += Math.floor(adjusted / lineRange) * minInstLength;
      line += lineBase + (adjusted % lineRange);
      emit(false);
      continue;
    }
    switch (op) {
      case 0: {
        const len = program.u32();
        const subStart = program.pos;
        if (len === 0) break;
        const sub = program.u8();
        if (sub === 1) {
          emit(true);
          reset();
        } else if (sub === 2) {
          address = readAddress(program, len - 1 || addressSize);
        } else if (sub === 3) {
          const name = readCString(program);
          const directoryIndex = program.u32();
          program.u64();
          program.u64();
          files.push({ name, directoryIndex });
        }
        program.pos = subStart + len;
        break;
      }
      case 1: emit(false); break;
      case 2: address += program.u32() * minInstLength; break;
      case 3: line += program.s32(); break;
      case 4: file = program.u32(); break;
      case 5: column = program.u32(); break;
      case 6: isStmt = !isStmt; break;
      case 7: break;
      case 8: address += Math.floor((255 - opcodeBase) / lineRange) * minInstLength; break;
      case 9: address += program.u8() | (program.u8() << 8); break;
      case 10: prologueEnd = true; break;
      case 11: break;
      case 12: program.u32(); break;
      default:
        // Unknown standard opcode: skip its ULEB operands as the header declares.
        for (let i = 0; i < (standardLengths[op] ?? 0); i++) program.u64();
    }
  }
  return { program: { offset, version, directories, files, rows }, next: end };
}

function readAddress(r: ByteReader, size: number): number {
  if (size === 4) return r.u32le();
  if (size === 8) {
    const lo = r.u32le();
    const hi = r.u32le();
    return hi * 2 ** 32 + lo;
  }
  let v = 0;
  for (let i = 0; i < size; i++) v += r.u8() * 2 ** (8 * i);
  return v;
}

interface Entry {
  path: string;
  directoryIndex: number;
}

/** Reads a DWARF 5 directory or file entry list with its entry format. */
function readEntryList(r: ByteReader, is64: boolean, sections: DebugLineSections): Entry[] {
  const formatCount = r.u8();
  const format: [number, number][] = [];
  for (let i = 0; i < formatCount; i++) format.push([r.u32(), r.u32()]);
  const count = r.u32();
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const entry: Entry = { path: '', directoryIndex: 0 };
    for (const [contentType, form] of format) {
      const value = readForm(r, form, is64, sections);
      if (contentType === DW_LNCT_path && typeof value === 'string') entry.path = value;
      else if (contentType === DW_LNCT_directory_index && typeof value === 'number') entry.directoryIndex = value;
    }
    entries.push(entry);
  }
  return entries;
}

/** The forms DWARF 5 allows in line table entry formats. */
function readForm(r: ByteReader, form: number, is64: boolean, sections: DebugLineSections): string | number | undefined {
  switch (form) {
    case 0x08: return readCString(r); // string
    case 0x1f: return cString(sections.debugLineStr, readOffset(r, is64)); // line_strp
    case 0x0e: return cString(sections.debugStr, readOffset(r, is64)); // strp
    case 0x0b: return r.u8(); // data1
    case 0x05: return r.u8() | (r.u8() << 8); // data2
    case 0x06: return r.u32le(); // data4
    case 0x07: r.skip(8); return undefined; // data8
    case 0x1e: r.skip(16); return undefined; // data16 (MD5)
    case 0x0f: return r.u32(); // udata
    case 0x09: r.skip(r.u32()); return undefined; // block
    default: throw new WasmReadError(`unsupported form 0x${form.toString(16)} in a line table entry format`, r.pos);
  }
}
