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
  /** Wall-clock timeout in milliseconds; undefined = none. */
  readonly timeoutMs?: number;
  /** Maximum number of open file descriptors. */
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
  readonly wasmOffset?: number;
}
