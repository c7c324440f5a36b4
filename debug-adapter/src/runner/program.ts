// Everything the debugger knows about one program before it runs: the module structure, the DWARF
// line table, and its source files mapped to local paths. Answers "which code offsets is this
// file:line", "which file:line is this code offset", and function lookups. No CDP, no DAP.

import { readFileSync } from 'node:fs';
import { readModule, isReadError, functionAtCodeOffset, functionName, type WasmModuleInfo, type FunctionBody } from '../wasm/module';
import { LineTable } from '../dwarf/lineTable';
import type { DwarfFunction } from '../dwarf/debugInfo';
import { mapSourcePath, samePath, type MappedSource } from '../dwarf/paths';
import { demangle } from './demangle';
import { callerOffsets, chooseCaller, programPathMapping, type CallerFrames } from '../dwarf/callerSource';

export interface ProgramOptions {
  readonly program: string;
  /** Directory for relative DWARF paths (the launch `cwd`, else the program's folder). */
  readonly baseDir?: string;
  readonly pathOverrides?: Readonly<Record<string, string>>;
}

export interface SourcePosition {
  readonly fileId: number;
  readonly source: MappedSource;
  /** 1-based; 0 when the row has no line. */
  readonly line: number;
  /** 1-based; 0 when unknown. */
  readonly column: number;
}

export interface BreakpointPlacement {
  /** The line actually used (moved forward to the nearest line with code). */
  readonly line: number;
  /** Code-section-relative addresses. */
  readonly addresses: readonly number[];
}

export class Program {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly info: WasmModuleInfo;
  readonly lines: LineTable;
  private readonly mapped: MappedSource[];

  private constructor(path: string, bytes: Uint8Array, info: WasmModuleInfo, options: ProgramOptions) {
    this.path = path;
    this.bytes = bytes;
    this.info = info;
    this.lines = LineTable.fromModule(bytes, info);
    // Relative DWARF paths (a relative or remapped compilation directory) are looked up below the
    // launch cwd, then the program's folder and its two parents.
    const opts = programPathMapping(path, options.baseDir, options.pathOverrides ?? {});
    this.mapped = this.lines.files.map((f) => mapSourcePath(f.dwarfPath, opts));
  }

  /** Reads and indexes a program; an error message for a missing, unreadable or non-module file. */
  static load(options: ProgramOptions): Program | { error: string } {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(options.program);
    } catch (e) {
      const code = (e as { code?: string }).code;
      return { error: code === 'ENOENT' ? `Program not found: ${options.program}` : `Cannot read ${options.program}: ${(e as Error).message}` };
    }
    const info = readModule(bytes);
    if (isReadError(info)) return { error: `${options.program} is not a valid WebAssembly module: ${info.error}` };
    if (info.isComponent) return { error: `${options.program} is a WebAssembly component; only core WASI preview1 modules can be debugged.` };
    if (info.codeSectionOffset === undefined) return { error: `${options.program} has no code.` };
    return new Program(options.program, bytes, info, options);
  }

  get codeOffset(): number {
    return this.info.codeSectionOffset ?? 0;
  }

  get hasLineInfo(): boolean {
    return this.lines.entries.length > 0;
  }

  /** Local source files that have code, for `loadedSources`. */
  sources(): MappedSource[] {
    const seen = new Set<string>();
    const out: MappedSource[] = [];
    for (const m of this.mapped) {
      if (seen.has(m.path)) continue;
      seen.add(m.path);
      out.push(m);
    }
    return out;
  }

  /** Where to break for `localPath:line`, or a reason why nothing can be placed. */
  placeBreakpoint(localPath: string, line: number): BreakpointPlacement | { message: string } {
    const fileIds = this.mapped.flatMap((m, id) => (samePath(m.path, localPath) ? [id] : []));
    if (fileIds.length === 0) {
      return { message: this.hasLineInfo ? 'This file is not part of the program.' : 'The program has no DWARF line information.' };
    }
    let best: number | undefined;
    for (const id of fileIds) {
      const l = this.lines.nearestLineWithCode(id, line);
      if (l !== undefined && (best === undefined || l < best)) best = l;
    }
    if (best === undefined) return { message: 'No code at or after this line.' };
    const addresses = fileIds.flatMap((id) => this.lines.breakpointAddresses(id, best as number));
    return { line: best, addresses: [...new Set(addresses)].sort((a, b) => a - b) };
  }

  /** Source position of a code-section-relative address, if the line table covers it. */
  positionAt(address: number): SourcePosition | undefined {
    const e = this.lines.entryAt(address);
    if (!e) return undefined;
    return { fileId: e.fileId, source: this.mapped[e.fileId], line: e.line, column: e.column };
  }

  /**
   * A position for a source named by URL (the symbol engine resolves DWARF paths against the module's
   * URL, which need not be where the sources are): matched to this program's files by path, then by
   * the longest common tail of path components.
   */
  positionForUrl(url: string, line: number, column: number): SourcePosition | undefined {
    const path = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    let best: { id: number; score: number } | undefined;
    this.mapped.forEach((m, id) => {
      const theirs = m.path.split('/').filter((p) => p !== '' && p !== '.');
      let score = 0;
      while (score < parts.length && score < theirs.length && parts[parts.length - 1 - score] === theirs[theirs.length - 1 - score]) score++;
      if (score > 0 && (!best || score > best.score)) best = { id, score };
    });
    if (!best) return undefined;
    return { fileId: best.id, source: this.mapped[best.id], line, column };
  }

  /**
   * The source line that made a host call, from an access record's wasm frames (V8 module offsets,
   * innermost first): the innermost frame whose source file is on disk — the user's code that called
   * a libc wrapper — else the innermost frame the line table maps at all.
   */
  callerPosition(record: CallerFrames): SourcePosition | undefined {
    return chooseCaller(callerOffsets(record), (offset) => {
      const pos = this.positionAt(offset - this.codeOffset);
      return pos && pos.line > 0 ? pos : undefined;
    });
  }

  /** The wasm function body containing a code-section-relative address. */
  bodyAt(address: number): FunctionBody | undefined {
    return functionAtCodeOffset(this.info, address);
  }

  /** Code-section-relative bounds of a function body. */
  bodyRange(body: FunctionBody): { start: number; end: number } {
    return { start: body.offset - this.codeOffset, end: body.offset + body.size - this.codeOffset };
  }

  /** A readable function name for an address: DWARF name, else the name section (demangled), else `$funcN`. */
  functionNameAt(address: number): string {
    const dwarf = this.lines.functionAt(address);
    if (dwarf) return dwarf.qualifiedName;
    const body = this.bodyAt(address);
    return body ? demangle(functionName(this.info, body.index)) : '<unknown>';
  }

  /**
   * Functions matching a breakpoint name: DWARF names (`main`, `demo::main`), then name-section
   * names (raw or demangled). Returns the address to break at for each.
   */
  functionBreakpointAddresses(name: string): number[] {
    const dwarf = this.lines.functionsNamed(name);
    if (dwarf.length > 0) return dwarf.map((f) => this.lines.firstStatementAddress(f) ?? f.lowPc);
    const out: number[] = [];
    for (const body of this.info.functions) {
      const raw = functionName(this.info, body.index);
      if (raw === name || demangle(raw) === name || demangle(raw).endsWith(`::${name}`)) out.push(body.instructionsOffset - this.codeOffset);
    }
    return out;
  }

  /** Where `main` starts (for stopOnEntry): DWARF `main`, else the name-section entry point. */
  entryAddress(): number | undefined {
    const candidates: DwarfFunction[] = [...this.lines.functionsNamed('main')].filter((f) => this.positionAt(f.lowPc)?.source.available !== false);
    const main = candidates[0] ?? this.lines.functionsNamed('main')[0];
    if (main) return this.lines.firstStatementAddress(main) ?? main.lowPc;
    for (const name of ['main', '__main_argc_argv', '__original_main', '_start']) {
      const addrs = this.functionBreakpointAddresses(name);
      if (addrs.length > 0) return addrs[0];
    }
    return undefined;
  }
}
