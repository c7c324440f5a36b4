// The runner Worker (bundled as dist/runner-worker.js): runs one module under WASI Studio's host and
// reports output, access records and the exit back to the runner's main thread. When debugging,
// the inspector holds this thread before any of it runs, until breakpoints are set.

import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { createWasiHost, callbackWriter, sharedReader, type WasiHost, type SourceLocator } from '../wasi/index';
import { readModule, isReadError } from '../wasm/module';
import { callerSourceLocator } from '../dwarf/callerSource';
import type { FromWorker, WorkerData } from './protocol';

/** The parts of the WebAssembly JS API used here (the project's lib has no WebAssembly types). */
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
  RuntimeError: new () => Error;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const config = workerData as WorkerData;

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function textWriter(stream: 'stdout' | 'stderr'): ReturnType<typeof callbackWriter> {
  const decoder = new TextDecoder();
  return callbackWriter((chunk) => post({ type: stream, data: decoder.decode(chunk, { stream: true }) }));
}

function run(): void {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(config.program);
  } catch (e) {
    post({ type: 'failed', message: `cannot read ${config.program}: ${(e as Error).message}`, trap: false });
    return;
  }
  let host: WasiHost;
  try {
    host = createWasiHost({
      policy: config.policy,
      stdio: {
        // Streamed stdin (a terminal relay) blocks `fd_read` on the shared buffer until the runner feeds it.
        stdin: config.stdinBuffer ? sharedReader(config.stdinBuffer) : undefined,
        stdout: textWriter('stdout'),
        stderr: textWriter('stderr'),
      },
      onRecords: (records) => post({ type: 'access', records }),
      accessLogFile: config.accessLogFile,
      // The file gets each record's source line, as the client's log view reads it when loaded later.
      accessLogSource: config.accessLogFile !== undefined ? fileSourceLocator(bytes) : undefined,
      // Per-call records carry the calling wasm offset, which the debugger maps to a source line;
      // one record per batch keeps the client's log live while the module is paused.
      accessLog: { detail: true, batchSize: 1 },
    });
  } catch (e) {
    post({ type: 'failed', message: (e as Error).message, trap: false });
    return;
  }
  wasm.compile(bytes)
    .then((module) => wasm.instantiate(module, host.imports))
    .then((instance) => {
      try {
        const code = host.start(instance);
        host.close();
        post({ type: 'exit', code });
      } catch (e) {
        host.close();
        post({ type: 'failed', message: describe(e), trap: e instanceof wasm.RuntimeError });
      }
    })
    .catch((e: unknown) => post({ type: 'failed', message: `cannot instantiate the module: ${describe(e)}`, trap: false }));
}

function fileSourceLocator(bytes: Uint8Array): SourceLocator | undefined {
  const info = readModule(bytes);
  if (isReadError(info)) return undefined;
  return callerSourceLocator(bytes, info, config.program, config.sourceBaseDir, config.sourcePathSubstitutions);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

run();
