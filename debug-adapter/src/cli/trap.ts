// Describes a trap in one line: V8's message, the innermost wasm frame's function and byte offset,
// and the source line when the module carries DWARF (through the debugger's own line table).
import { LineTable } from '../dwarf/lineTable';
import { functionName } from '../wasm/module';
import type { LoadedModule } from './moduleFile';

export interface TrapLocation {
  readonly functionIndex: number;
  /** Module-relative byte offset, as V8 prints it. */
  readonly offset: number;
  readonly functionName: string;
  readonly file?: string;
  readonly line?: number;
}

const FRAME_RE = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;

export function locateTrap(stack: string, loaded: LoadedModule): TrapLocation | undefined {
  const m = FRAME_RE.exec(stack);
  if (m === null) return undefined;
  const functionIndex = Number(m[1]);
  const offset = parseInt(m[2], 16);
  const { info, bytes } = loaded;
  const base = { functionIndex, offset, functionName: functionName(info, functionIndex) };
  if (!info.hasDwarf || info.codeSectionOffset === undefined) return base;
  const table = LineTable.fromModule(bytes, info);
  const entry = table.entryAt(offset - info.codeSectionOffset);
  if (entry === undefined || entry.line === 0) return base;
  const file = table.files[entry.fileId]?.dwarfPath;
  return file === undefined ? base : { ...base, file, line: entry.line };
}

export function describeTrap(message: string, stack: string, loaded: LoadedModule): string {
  const at = locateTrap(stack, loaded);
  if (at === undefined) return `trap: ${message}`;
  const hex = `0x${at.offset.toString(16)}`;
  const where = at.file !== undefined ? ` at ${at.file}:${at.line}` : '';
  return `trap: ${message} in ${at.functionName}${where} (wasm function ${at.functionIndex}, offset ${hex})`;
}
