// The public shape of the instrumented WASI preview1 host: what the runner (debugger) and the CLI
// rely on. The host itself knows nothing of DAP, the inspector or VS Code.

/** One preopened host directory, as the launch configuration and `--dir` describe it. */
export interface Preopen {
  /** Absolute host directory. */
  readonly host: string;
  /** Path the module sees, e.g. `/` or `/data`. */
  readonly guest: string;
  readonly readonly: boolean;
}

/** Capability switches; each defaults as noted. */
export interface CapabilitySwitches {
  /** clock_time_get / clock_res_get / poll_oneoff clock subscriptions. Default true. */
  readonly clock: boolean;
  /** random_get. Default true. */
  readonly random: boolean;
  /** sock_* on preopened sockets. Default false. */
  readonly sockets: boolean;
  /** proc_exit with a non-zero code is always honoured; `exit: false` only records it. Default true. */
  readonly exit: boolean;
}

/** Everything the module may touch. Nothing outside it is ever touched on the host. */
export interface Policy {
  readonly args: readonly string[];
  /** Explicit environment, after optional inheritance has been merged in by the caller. */
  readonly env: Readonly<Record<string, string>>;
  readonly preopens: readonly Preopen[];
  /** Standard input: inherit the process's stdin, read a file, or nothing (EOF at once). */
  readonly stdin: { readonly kind: 'inherit' } | { readonly kind: 'file'; readonly path: string } | { readonly kind: 'none' };
  readonly allow: CapabilitySwitches;
  readonly limits: ResourceLimits;
  /** Seeded random_get and a virtual clock: identical runs give identical output and logs. */
  readonly deterministic?: { readonly seed: number };
}

export interface ResourceLimits {
  /** Maximum linear memory in bytes; undefined = no limit beyond the module's own. */
  readonly maxMemoryBytes?: number;
  /** Wall-clock timeout in milliseconds; undefined = none. The host checks it on every WASI call; a loop
   *  that makes no calls must be stopped by the embedder (the CLI's watchdog Worker does). */
  readonly timeoutMs?: number;
  /** Maximum number of open file descriptors, counting stdio and the preopens (at least 3). Opening one
   *  more stops the module with WasiLimitExceeded. */
  readonly maxOpenFds: number;
}

export type Capability = 'args' | 'env' | 'clock' | 'random' | 'filesystem' | 'stdio' | 'sockets' | 'process';

/** One capability use, allowed or denied. Serialised as one JSON Lines record. */
export interface AccessRecord {
  readonly seq: number;
  /** Milliseconds since the module started (virtual time in deterministic mode). */
  readonly time: number;
  /** The WASI function, e.g. `path_open`. */
  readonly call: string;
  readonly capability: Capability;
  /** What was touched: a guest path, a variable name, a clock id, an fd. */
  readonly target?: string;
  /** The resolved host path, when a path was resolved. */
  readonly hostPath?: string;
  readonly decision: 'allowed' | 'denied';
  /** WASI errno name (`success`, `notcapable`, `noent`, …). */
  readonly errno: string;
  /** Bytes read or written, when the call moves data. */
  readonly bytes?: number;
  /** Wasm function index and code-section offset of the caller, when known. */
  readonly wasmFunction?: number;
  /** Byte offset of the calling instruction as V8 reports it in stack traces (module-relative; subtract
   *  the Code section payload start to get a DWARF address). */
  readonly wasmOffset?: number;
  /** The wasm frames of the call, innermost first (the first equals wasmFunction/wasmOffset), at most 16;
   *  present on the records that carry a caller. The innermost frame is often a libc wrapper: a
   *  debugger maps the first frame whose source is on disk to show the user's line. */
  readonly wasmFrames?: readonly WasmFrameRef[];
  /** Consecutive identical calls (same call, target and errno) folded into this record when per-call
   *  detail is off; absent means 1. `bytes` is then the total. */
  readonly count?: number;
  /** Why a call was denied, in words (`absolute path`, `preopen /data is read-only`, …). */
  readonly reason?: string;
}

/** One wasm frame of a call stack: function index and V8 module-relative byte offset of the call. */
export interface WasmFrameRef {
  readonly fn: number;
  readonly offset: number;
}

/** Counts per capability and per target, kept for the whole run whatever the sinks drop. */
export interface AccessSummary {
  readonly calls: number;
  readonly allowed: number;
  readonly denied: number;
  readonly byCapability: Readonly<Partial<Record<Capability, { readonly allowed: number; readonly denied: number }>>>;
  /** Per target (guest path, `stdout`, variable name, …); at most 10,000 distinct targets, the rest under `(other)`. */
  readonly byTarget: Readonly<Record<string, { readonly allowed: number; readonly denied: number; readonly bytes: number }>>;
}
