// Which source line made a host call. An access record carries the wasm frames of the call
// (innermost first); the innermost is usually a wasi-libc wrapper whose source is not on this machine,
// so the line shown is the innermost frame whose source file exists locally — the user's code — and
// only without one the innermost frame the line table maps at all. Used by the debugger (live events)
// and by the access-log files the CLI and the runner write.

import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { WasmModuleInfo } from '../wasm/module';
import { LineTable } from './lineTable';
import { mapSourcePath, type MappedSource, type PathMappingOptions } from './paths';

/** The location fields of an access record (structurally; this layer does not know the host). */
export interface CallerFrames {
  readonly wasmFrames?: readonly { readonly offset: number }[];
  readonly wasmOffset?: number;
}

/** The V8 module offsets of a record's frames, innermost first. */
export function callerOffsets(record: CallerFrames): readonly number[] {
  if (record.wasmFrames !== undefined) return record.wasmFrames.map((f) => f.offset);
  return record.wasmOffset !== undefined ? [record.wasmOffset] : [];
}

/**
 * The first position with local source, else the first mapped one. `positionAt` takes a V8 module
 * offset and answers undefined for code without a line.
 */
export function chooseCaller<P extends { readonly source: { readonly available: boolean } }>(
  offsets: readonly number[], positionAt: (offset: number) => P | undefined,
): P | undefined {
  let fallback: P | undefined;
  for (const offset of offsets) {
    const pos = positionAt(offset);
    if (pos === undefined) continue;
    if (pos.source.available) return pos;
    fallback ??= pos;
  }
  return fallback;
}

/**
 * How a program's DWARF paths are found locally: relative paths below `baseDir`, then the program's
 * folder and its two parents (modules often sit in build/ or target/wasm32-wasi/debug/ next to the sources).
 */
export function programPathMapping(programPath: string, baseDir: string | undefined, overrides: Readonly<Record<string, string>>): PathMappingOptions {
  const programDir = dirname(programPath);
  return {
    baseDir: baseDir ?? programDir,
    searchDirs: [programDir, dirname(programDir), dirname(dirname(programDir))],
    overrides,
    exists: (p: string) => existsSync(p),
  };
}

/**
 * A function from an access record to its source line, for writing `source` into log files; undefined
 * when the module has no line table. The line table is read on the first record that has frames, so
 * runs without any pay nothing.
 */
export function callerSourceLocator(
  bytes: Uint8Array, info: WasmModuleInfo, programPath: string, baseDir?: string, overrides: Readonly<Record<string, string>> = {},
): ((record: CallerFrames) => { path: string; line: number } | undefined) | undefined {
  const codeOffset = info.codeSectionOffset;
  if (!info.hasDwarf || codeOffset === undefined) return undefined;
  let table: { lines: LineTable; mapped: MappedSource[] } | undefined;
  return (record) => {
    const offsets = callerOffsets(record);
    if (offsets.length === 0) return undefined;
    if (table === undefined) {
      const lines = LineTable.fromModule(bytes, info);
      const options = programPathMapping(programPath, baseDir, overrides);
      table = { lines, mapped: lines.files.map((f) => mapSourcePath(f.dwarfPath, options)) };
    }
    const t = table;
    const pos = chooseCaller(offsets, (offset) => {
      const e = t.lines.entryAt(offset - codeOffset);
      return e === undefined || e.line === 0 ? undefined : { source: t.mapped[e.fileId], line: e.line };
    });
    return pos === undefined ? undefined : { path: pos.source.path, line: pos.line };
  };
}
