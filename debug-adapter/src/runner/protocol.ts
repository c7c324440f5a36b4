// Messages between the adapter, the runner child process (IPC channel) and its Worker
// (worker_threads port). One typed union per direction; nothing else crosses these boundaries.

import type { AccessRecord, Policy } from '../wasi/api';

/** What the Worker needs to run a module. Plain data: it is cloned into the Worker. */
export interface WorkerConfig {
  readonly program: string;
  readonly policy: Policy;
  /** Also write access records as JSON Lines to this file. */
  readonly accessLogFile?: string;
  /** Where the file's records look for their DWARF sources (the launch cwd and path substitutions). */
  readonly sourceBaseDir?: string;
  readonly sourcePathSubstitutions?: Readonly<Record<string, string>>;
  /**
   * The module's stdin arrives later in `stdin` messages (a terminal relay), instead of from the
   * policy. The runner feeds it to the Worker through a shared buffer, so a blocked `fd_read` wakes up.
   */
  readonly streamStdin?: boolean;
}

/** What the runner hands its Worker: the config plus the shared stdin buffer when stdin is streamed. */
export interface WorkerData extends WorkerConfig {
  readonly stdinBuffer?: SharedArrayBuffer;
}

/** Adapter → child. */
export type ToChild =
  | { readonly type: 'start'; readonly debug: boolean; readonly config: WorkerConfig }
  /** A CDP request for the Worker's inspector session. */
  | { readonly type: 'cdp'; readonly id: number; readonly method: string; readonly params?: object }
  /** Stop the module and exit. */
  | { readonly type: 'kill' }
  /** Bytes for the module's streamed stdin (see WorkerConfig.streamStdin). */
  | { readonly type: 'stdin'; readonly data: Uint8Array }
  /** The streamed stdin ended: the module reads EOF once it has taken the bytes before. */
  | { readonly type: 'stdin-end' };

/** Worker → child, relayed unchanged to the adapter. */
export type FromWorker =
  | { readonly type: 'stdout' | 'stderr'; readonly data: string }
  | { readonly type: 'access'; readonly records: readonly AccessRecord[] }
  /** The module finished: proc_exit or return from `_start`. */
  | { readonly type: 'exit'; readonly code: number }
  /** The module could not start or stopped abnormally (trap, limit, host error). */
  | { readonly type: 'failed'; readonly message: string; readonly trap: boolean };

/** Child → adapter. */
export type FromChild =
  | FromWorker
  /** The Worker's inspector session is attached and waiting; breakpoints can be set now. */
  | { readonly type: 'attached' }
  | { readonly type: 'cdp-response'; readonly id: number; readonly result?: unknown; readonly error?: { readonly message: string } }
  | { readonly type: 'cdp-event'; readonly method: string; readonly params: unknown }
  /** The Worker thread ended (after `exit`/`failed`, or on its own). */
  | { readonly type: 'worker-exit'; readonly code: number };
