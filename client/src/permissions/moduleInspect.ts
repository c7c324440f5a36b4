// Reads what a module asks for from its bytes, through the debugger's wasm reader. No `vscode`
// import: the panel reads the file and hands the bytes in.
import { isReadError, readModule } from '../../../debug-adapter/src/wasm/module';
import { moduleRequests, type ModuleRequests } from './capabilities';

export type ModuleInspection =
  | { readonly kind: 'module'; readonly requests: ModuleRequests; readonly hasDwarf: boolean }
  | { readonly kind: 'component' }
  | { readonly kind: 'error'; readonly message: string };

export function inspectModule(bytes: Uint8Array): ModuleInspection {
  const info = readModule(bytes);
  if (isReadError(info)) return { kind: 'error', message: info.error };
  // Components import WASI preview2 interfaces, which this preview1 panel cannot map.
  if (info.isComponent) return { kind: 'component' };
  return { kind: 'module', requests: moduleRequests(info.imports), hasDwarf: info.hasDwarf };
}
