// Loading a module file for `run` and `inspect`: read, parse with the wasm reader, and turn every
// failure into a CliError of its class.
import { readFileSync } from 'node:fs';
import { isReadError, readModule, type WasmModuleInfo } from '../wasm/module';
import { CliError } from './exitCodes';

export interface LoadedModule {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly info: WasmModuleInfo;
}

export function loadModule(path: string): LoadedModule {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code ?? 'cannot be read';
    throw new CliError('moduleNotFound', `cannot read module ${path}: ${why}`);
  }
  const info = readModule(bytes);
  if (isReadError(info)) throw new CliError('invalidModule', `${path} is not a valid WebAssembly module: ${info.error}`);
  return { path, bytes, info };
}
