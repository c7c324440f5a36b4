// Runs a module in the current thread and describes how it ended as plain data (an Outcome), so the
// same function serves the main thread and the watchdog Worker used with --timeout.
import type { AccessSummary, Policy } from '../wasi/api';
import { createWasiHost, WasiConfigError, WasiHostError, WasiLimitExceeded, type SourceLocator } from '../wasi/index';
import type { WasmInstance } from '../wasi/wasmTypes';
import { preopenedSockets, type SocketControl, type SocketPlan } from './sockets';
import type * as SourceLines from './sourceLines';

/** The parts of the runtime's WebAssembly object used here (lib ES2022 has no WebAssembly types). */
interface WasmJsApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => WasmInstance;
  readonly LinkError: new () => Error;
  readonly RuntimeError: new () => Error;
}

const wasm = (globalThis as unknown as { WebAssembly: WasmJsApi }).WebAssembly;

export interface ExecutePlan {
  readonly bytes: Uint8Array;
  readonly policy: Policy;
  readonly accessLog?: string;
  /** The module's path and the working directory: the log's records get their source lines through DWARF. */
  readonly modulePath?: string;
  readonly cwd?: string;
  readonly logDetail: boolean;
  /** Listening sockets owned by the main thread (only when running in the Worker). */
  readonly sockets?: readonly SocketPlan[];
  /** Gather small file writes (WasiHostOptions.bufferFileWrites): only where nothing stops the module mid-run. */
  readonly bufferFileWrites?: boolean;
}

export interface ExecuteHooks {
  /** Runs just before `_start` (the watchdog starts its clock then, not while compiling). */
  readonly onStart?: () => void;
  /** Reaches the thread that owns the sockets. */
  readonly socketControl?: (message: SocketControl) => void;
}

export type Outcome =
  | { readonly kind: 'exit'; readonly code: number; readonly summary: AccessSummary }
  | { readonly kind: 'trap'; readonly message: string; readonly stack: string; readonly summary?: AccessSummary }
  | { readonly kind: 'limit'; readonly limit: 'memory' | 'timeout' | 'fds'; readonly message: string; readonly summary?: AccessSummary }
  | { readonly kind: 'pipeClosed'; readonly summary?: AccessSummary }
  | { readonly kind: 'link'; readonly message: string }
  | { readonly kind: 'config'; readonly message: string }
  | { readonly kind: 'hostError'; readonly message: string; readonly summary?: AccessSummary };

export function executeModule(plan: ExecutePlan, hooks: ExecuteHooks = {}): Outcome {
  let module: object;
  try {
    module = new wasm.Module(plan.bytes);
  } catch (e) {
    return { kind: 'config', message: `the module does not compile: ${messageOf(e)}` };
  }
  let host: ReturnType<typeof createWasiHost>;
  try {
    host = createWasiHost({
      policy: plan.policy,
      ...(plan.accessLog !== undefined ? { accessLogFile: plan.accessLog, accessLogSource: logSourceLocator(plan) } : {}),
      accessLog: { detail: plan.logDetail },
      bufferFileWrites: plan.bufferFileWrites === true,
      ...(plan.sockets !== undefined && hooks.socketControl !== undefined ? { sockets: preopenedSockets(plan.sockets, hooks.socketControl) } : {}),
    });
  } catch (e) {
    if (e instanceof WasiConfigError) return { kind: 'config', message: e.message };
    return { kind: 'hostError', message: messageOf(e) };
  }
  try {
    let instance: WasmInstance;
    try {
      instance = new wasm.Instance(module, host.imports);
    } catch (e) {
      if (e instanceof wasm.LinkError) return { kind: 'link', message: e.message };
      return trapOrError(e, undefined);
    }
    hooks.onStart?.();
    const code = host.start(instance);
    return { kind: 'exit', code, summary: host.summary() };
  } catch (e) {
    return trapOrError(e, host.summary());
  } finally {
    host.close();
  }
}

/**
 * Maps the log file's records to source lines when the module has DWARF. The DWARF code (its own
 * bundle) and the line table are loaded on the first record that carries caller frames: most runs
 * log none, and their start-up should not pay for reading the module's debug sections.
 */
function logSourceLocator(plan: ExecutePlan): SourceLocator | undefined {
  const modulePath = plan.modulePath;
  if (modulePath === undefined) return undefined;
  let locate: SourceLocator | undefined;
  let loaded = false;
  return (record) => {
    if (!loaded) {
      loaded = true;
      locate = (require('./sourceLines') as typeof SourceLines).accessLogLocator(plan.bytes, modulePath, plan.cwd);
    }
    return locate?.(record);
  };
}

function trapOrError(e: unknown, summary: AccessSummary | undefined): Outcome {
  const withSummary = summary !== undefined ? { summary } : {};
  if (e instanceof WasiLimitExceeded) return { kind: 'limit', limit: e.limit, message: e.detail, ...withSummary };
  if (e instanceof WasiConfigError) return { kind: 'config', message: e.message };
  // The reader of stdout or stderr went away (`run x.wasm | head -1`): stop like a native program on SIGPIPE.
  if (e instanceof WasiHostError && (e.cause as { code?: unknown } | null)?.code === 'EPIPE') return { kind: 'pipeClosed', ...withSummary };
  if (e instanceof WasiHostError) return { kind: 'hostError', message: e.message, ...withSummary };
  // Traps are RuntimeErrors; a wasm stack overflow surfaces as a RangeError from V8.
  if (e instanceof wasm.RuntimeError || (e instanceof RangeError && /call stack/i.test(e.message))) {
    return { kind: 'trap', message: e.message, stack: e.stack ?? '', ...withSummary };
  }
  return { kind: 'hostError', message: messageOf(e), ...withSummary };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
