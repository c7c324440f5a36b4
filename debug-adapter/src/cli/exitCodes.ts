// The CLI's own exit codes, one per class of failure, so scripts can tell them apart. A module that
// runs to the end exits with its own code (whatever it is); these are used when it could not run or
// was stopped. `--help` prints this table.

export const EXIT = {
  /** Bad flags, an unknown command, a missing MODULE argument. */
  usage: 64,
  /** The file is not a valid WebAssembly binary (truncated, wrong magic, malformed section). */
  invalidModule: 65,
  /** The module file does not exist or cannot be read. */
  moduleNotFound: 66,
  /** The module imports functions this host does not provide (all are listed). */
  unknownImports: 67,
  /** A preopened directory (--dir or policy file) does not exist or is not a directory. */
  missingPreopen: 68,
  /** The policy file cannot be read, is not JSON, or does not have the launch-configuration shape. */
  badPolicy: 69,
  /** A component (not a core module): this host runs core WASI preview1 modules only. */
  component: 70,
  /** An internal error of the WASI host (a bug); the message names the WASI call. */
  hostError: 71,
  /** The wall-clock timeout (--timeout) stopped the module. */
  timeout: 124,
  /** Another resource limit (--max-memory, open descriptors) stopped the module. */
  limit: 125,
  /** The module trapped (unreachable, out-of-bounds access, stack overflow, ...). */
  trap: 134,
  /** Whoever read stdout or stderr closed it (as a native program dies of SIGPIPE: 128 + 13). */
  pipeClosed: 141,
} as const;

export type ExitClass = keyof typeof EXIT;

/** A failure that ends the command with one clear line on stderr and its class's exit code. */
export class CliError extends Error {
  constructor(readonly kind: ExitClass, message: string) {
    super(message);
    this.name = 'CliError';
  }

  get exitCode(): number {
    return EXIT[this.kind];
  }
}

/** The exit-code table as printed by --help. */
export function exitCodeTable(): string {
  const rows: [number, string][] = [
    [EXIT.usage, 'usage error: bad flags, unknown command, missing MODULE'],
    [EXIT.invalidModule, 'invalid or truncated .wasm file'],
    [EXIT.moduleNotFound, 'module file not found or unreadable'],
    [EXIT.unknownImports, 'module imports functions this host does not provide'],
    [EXIT.missingPreopen, 'a preopened directory is missing or not a directory'],
    [EXIT.badPolicy, 'policy file unreadable, not JSON, or invalid'],
    [EXIT.component, 'a component: only core WASI preview1 modules are run'],
    [EXIT.hostError, 'internal error in the WASI host'],
    [EXIT.timeout, 'stopped by --timeout'],
    [EXIT.limit, 'stopped by --max-memory or the open-descriptor limit'],
    [EXIT.trap, 'the module trapped (message and location on stderr)'],
    [EXIT.pipeClosed, 'stdout or stderr was closed by its reader (like SIGPIPE)'],
  ];
  return rows.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`).join('\n');
}
