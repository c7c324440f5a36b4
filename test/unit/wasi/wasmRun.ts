// Compiles and runs a built test module under the host (synchronous API, as the CLI uses it).
import type { WasiHost } from '../../../debug-adapter/src/wasi/index';
import type { WasmInstance } from '../../../debug-adapter/src/wasi/wasmTypes';

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}

export function instantiate(bytes: Uint8Array, host: WasiHost): WasmInstance {
  const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  return new api.Instance(new api.Module(bytes), host.imports);
}
