// Everything the CLI reads from a module's DWARF: a trap's source line, the access log's `source`
// fields and inspect's list of source files. It is bundled on its own (dist/cli-lines.js) and
// required only when one of these is needed, so a `run` that neither traps nor logs caller frames
// never parses the line-table code. It returns plain data only: no class crosses the bundle boundary.
import type { SourceLocator } from '../wasi/index';
import { isReadError, readModule, type WasmModuleInfo } from '../wasm/module';
import { callerSourceLocator } from '../dwarf/callerSource';
import { LineTable } from '../dwarf/lineTable';

export { describeTrap } from './trap';

/**
 * Maps access records with caller frames to source lines through the module's DWARF; undefined when
 * the module has no line table. The module is read again here, on the first located record, so runs
 * whose log has no caller frames never pay for it.
 */
export function accessLogLocator(bytes: Uint8Array, modulePath: string, cwd: string | undefined): SourceLocator | undefined {
  const info = readModule(bytes);
  return isReadError(info) ? undefined : callerSourceLocator(bytes, info, modulePath, cwd);
}

/** The DWARF paths of the line table's source files, in table order (empty without DWARF). */
export function dwarfSourceFiles(bytes: Uint8Array, info: WasmModuleInfo): string[] {
  return info.hasDwarf ? LineTable.fromModule(bytes, info).files.map((f) => f.dwarfPath) : [];
}
