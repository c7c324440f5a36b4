// Runs one module under Node's built-in `node:wasi` (the peer the conformance tests compare with):
// `node nodeWasiRun.js '{"module": ..., "args": [...], "env": {...}, "preopens": {"/guest": "/host"}}'`.
// Exits with the module's exit code; a trap exits 134 like the CLI, so exit codes compare directly.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { WASI } from 'node:wasi';

interface Request {
  readonly module: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly preopens: Readonly<Record<string, string>>;
}

interface WasmJs {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}

const request = JSON.parse(process.argv[2] ?? '{}') as Request;
const wasi = new WASI({
  version: 'preview1',
  args: [basename(request.module), ...request.args],
  env: request.env,
  preopens: request.preopens,
  returnOnExit: true,
});
const wasm = (globalThis as unknown as { WebAssembly: WasmJs }).WebAssembly;
try {
  const instance = new wasm.Instance(new wasm.Module(readFileSync(request.module)), wasi.getImportObject());
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`trap: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 134;
}
