// The module's source map built from DWARF line programs: code offset ↔ file:line, the lines that
// have code (to move breakpoints), and the address ranges of a line (skip lists for line stepping).
// Pure: built from the module bytes, no IO.
//
// Coordinates: addresses are relative to the Code section payload (DWARF addresses; V8 column =
// codeOffset + address). Lines are 1-based as in DWARF; line 0 means "no source line".

import { posix } from 'node:path';
import { customSectionBytes, type WasmModuleInfo } from '../wasm/module';
import { decodeDebugLine, type LineProgram } from './debugLine';
import { readDebugInfo, type CompileUnit, type DwarfFunction } from './debugInfo';

export interface SourceFileRef {
  readonly id: number;
  /** The path as DWARF describes it: directory and name joined onto the unit's compilation directory. */
  readonly dwarfPath: string;
}

export interface LineEntry {
  /** First address covered by this row. */
  readonly address: number;
  /** End of the range (the next row's address). */
  readonly end: number;
  readonly fileId: number;
  readonly line: number;
  readonly column: number;
  readonly isStmt: boolean;
  readonly prologueEnd: boolean;
}

export interface AddressRange {
  readonly start: number;
  readonly end: number;
}

export class LineTable {
  /** Every source file named by a line program, deduplicated by path. */
  readonly files: readonly SourceFileRef[];
  /** Row ranges sorted by address; tombstoned sequences (starting at 0 or -1) are dropped. */
  readonly entries: readonly LineEntry[];
  readonly functions: readonly DwarfFunction[];
  readonly units: readonly CompileUnit[];
  readonly errors: readonly string[];

  private readonly byFile = new Map<number, LineEntry[]>();

  private constructor(files: SourceFileRef[], entries: LineEntry[], functions: readonly DwarfFunction[], units: readonly CompileUnit[], errors: string[]) {
    this.files = files;
    this.entries = entries;
    this.functions = [...functions].sort((a, b) => a.lowPc - b.lowPc);
    this.units = units;
    this.errors = errors;
    for (const e of entries) {
      let list = this.byFile.get(e.fileId);
      if (!list) this.byFile.set(e.fileId, (list = []));
      list.push(e);
    }
  }

  /** Builds the table from a module's DWARF sections; an empty table when there is none. */
  static fromModule(bytes: Uint8Array, info: WasmModuleInfo): LineTable {
    const section = (name: string): Uint8Array | undefined => customSectionBytes(bytes, info, name);
    const debugLine = section('.debug_line');
    const errors: string[] = [];
    const debugInfo = section('.debug_info');
    const debugAbbrev = section('.debug_abbrev');
    const infoResult = debugInfo && debugAbbrev
      ? readDebugInfo({
        debugInfo, debugAbbrev, debugStr: section('.debug_str'), debugLineStr: section('.debug_line_str'),
        debugStrOffsets: section('.debug_str_offsets'), debugAddr: section('.debug_addr'),
      })
      : { units: [], functions: [], errors: [] };
    errors.push(...infoResult.errors);
    if (!debugLine) return new LineTable([], [], infoResult.functions, infoResult.units, errors);
    const lines = decodeDebugLine({ debugLine, debugLineStr: section('.debug_line_str'), debugStr: section('.debug_str') });
    errors.push(...lines.errors);
    return LineTable.fromPrograms(lines.programs, infoResult.units, infoResult.functions, errors);
  }

  static fromPrograms(programs: readonly LineProgram[], units: readonly CompileUnit[], functions: readonly DwarfFunction[], errors: string[] = []): LineTable {
    const compDirByProgram = new Map<number, string>();
    for (const u of units) if (u.stmtList !== undefined) compDirByProgram.set(u.stmtList, u.compDir);
    const files: SourceFileRef[] = [];
    const fileIds = new Map<string, number>();
    const entries: LineEntry[] = [];
    for (const program of programs) {
      const compDir = compDirByProgram.get(program.offset) ?? '';
      const idOf = new Map<number, number>();
      const fileId = (index: number): number => {
        let id = idOf.get(index);
        if (id !== undefined) return id;
        const entry = program.files[index];
        const path = entry ? joinDwarfPath(compDir, program.directories[entry.directoryIndex] ?? '', entry.name) : `<unknown file ${index}>`;
        id = fileIds.get(path);
        if (id === undefined) {
          id = files.length;
          files.push({ id, dwarfPath: path });
          fileIds.set(path, id);
        }
        idOf.set(index, id);
        return id;
      };
      let sequence: LineEntry[] = [];
      let dropped = false;
      for (let i = 0; i < program.rows.length; i++) {
        const row = program.rows[i];
        // wasm-ld tombstones the line rows of discarded functions with address 0 or -1 (0xffffffff).
        if (sequence.length === 0 && !dropped && (row.address === 0 || row.address >= 0xffffffff) && !row.endSequence) dropped = true;
        if (row.endSequence) {
          if (!dropped) {
            const last = sequence[sequence.length - 1];
            if (last) sequence[sequence.length - 1] = { ...last, end: row.address };
            entries.push(...sequence.filter((e) => e.end > e.address));
          }
          sequence = [];
          dropped = false;
          continue;
        }
        if (dropped) continue;
        const prev = sequence[sequence.length - 1];
        if (prev) sequence[sequence.length - 1] = { ...prev, end: row.address };
        sequence.push({ address: row.address, end: row.address, fileId: fileId(row.file), line: row.line, column: row.column, isStmt: row.isStmt, prologueEnd: row.prologueEnd });
      }
    }
    entries.sort((a, b) => a.address - b.address);
    return new LineTable(files, entries, functions, units, errors);
  }

  /** The row covering `address`, or undefined when no sequence covers it. */
  entryAt(address: number): LineEntry | undefined {
    const e = this.entries;
    let lo = 0;
    let hi = e.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (e[mid].address <= address) lo = mid + 1;
      else hi = mid - 1;
    }
    const found = e[hi];
    return found && address < found.end ? found : undefined;
  }

  /** Source lines of `fileId` that have code, ascending. */
  linesWithCode(fileId: number): number[] {
    const lines = new Set<number>();
    for (const e of this.byFile.get(fileId) ?? []) if (e.line > 0 && e.isStmt) lines.add(e.line);
    return [...lines].sort((a, b) => a - b);
  }

  /** The first line at or after `line` that has code, or undefined when there is none. */
  nearestLineWithCode(fileId: number, line: number): number | undefined {
    return this.linesWithCode(fileId).find((l) => l >= line);
  }

  /**
   * Addresses to break at for `fileId:line`: the first address of every run of rows on that line
   * (a loop header has several: init, condition, increment), lowest first.
   */
  breakpointAddresses(fileId: number, line: number): number[] {
    const out: number[] = [];
    let previous: LineEntry | undefined;
    for (const e of this.entries) {
      const same = e.fileId === fileId && e.line === line;
      const continuing = previous !== undefined && previous.fileId === fileId && previous.line === line && previous.end === e.address;
      if (same && e.isStmt && !continuing) out.push(e.address);
      previous = same ? e : undefined;
    }
    return out;
  }

  /**
   * Address ranges inside [within.start, within.end) that belong to `fileId:line` or to no line
   * (line 0), sorted and merged: the skip list that turns instruction steps into a line step.
   */
  lineRanges(fileId: number, line: number, within: AddressRange): AddressRange[] {
    const out: AddressRange[] = [];
    for (const e of this.entries) {
      if (e.end <= within.start || e.address >= within.end) continue;
      if (!(e.line === 0 || (e.fileId === fileId && e.line === line))) continue;
      const start = Math.max(e.address, within.start);
      const end = Math.min(e.end, within.end);
      const last = out[out.length - 1];
      if (last && last.end >= start) out[out.length - 1] = { start: last.start, end: Math.max(last.end, end) };
      else out.push({ start, end });
    }
    return out;
  }

  /** The DWARF function containing `address`, innermost by range. */
  functionAt(address: number): DwarfFunction | undefined {
    let best: DwarfFunction | undefined;
    for (const f of this.functions) {
      if (f.lowPc > address) break;
      if (address < f.highPc && (!best || f.highPc - f.lowPc < best.highPc - best.lowPc)) best = f;
    }
    return best;
  }

  /** Functions whose name, qualified name or linkage name equals `name`. */
  functionsNamed(name: string): DwarfFunction[] {
    return this.functions.filter((f) => f.name === name || f.qualifiedName === name || f.linkageName === name);
  }

  /**
   * Where a function's body starts: the first row marked prologue_end, else the first statement row
   * on a line other than the opening one, else the function's first row.
   */
  firstStatementAddress(fn: DwarfFunction): number | undefined {
    const rows = this.entries.filter((e) => e.address >= fn.lowPc && e.address < fn.highPc && e.line > 0);
    const marked = rows.find((e) => e.prologueEnd);
    if (marked) return marked.address;
    const statements = rows.filter((e) => e.isStmt);
    if (statements.length === 0) return undefined;
    return (statements.find((e) => e.line !== statements[0].line) ?? statements[0]).address;
  }
}

/** Joins a DWARF file name onto its directory and the compilation directory, posix-style, normalised. */
export function joinDwarfPath(compDir: string, directory: string, name: string): string {
  if (isAbsolute(name)) return normalise(name);
  const dir = isAbsolute(directory) ? directory : compDir ? posix.join(compDir, directory) : directory;
  return normalise(dir ? posix.join(dir, name) : name);
}

function isAbsolute(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

function normalise(p: string): string {
  if (/^[A-Za-z]:[\\/]/.test(p)) return p.replace(/\\/g, '/');
  return posix.normalize(p);
}
