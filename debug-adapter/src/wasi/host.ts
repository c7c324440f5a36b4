// createWasiHost: builds the per-instance context from a policy, installs stdio, preopened
// directories and sockets as descriptors 0, 1, 2, 3…, and turns the signature table into the
// `wasi_snapshot_preview1` import object.
import * as fs from 'node:fs';
import type { AccessRecord, AccessSummary, Policy } from './api';
import { AccessLog, type AccessLogOptions, type AccessSink, type SourceLocator, callbackSink, jsonLinesSink } from './accessLog';
import { HostContext } from './context';
import { WasiConfigError, WasiExit } from './errors';
import { OutputFd, PreopenDirFd, type PreopenRoot, StdinFd } from './fdKinds';
import { preopenRights, STDIN_RIGHTS, STDOUT_RIGHTS, validatePolicy } from './policy';
import { type ClockProvider, type RandomProvider, seededRandom, systemClock, systemRandom, virtualClock } from './providers';
import { SIGNATURES, WASI_FUNCTION_NAMES, type WasiFunctionName } from './signatures';
import { emptyReader, fdReader, fdWriter, fileReader, type InputReader, type OutputWriter } from './stdio';
import { ListenerFd, type PreopenedSocket } from './sock';
import { RIGHTS_SOCKET_LISTEN } from './defs';
import { HANDLERS } from './handlers';
import { isWasmMemory, type WasmInstance, type WasmMemory } from './wasmTypes';

export interface WasiHostOptions {
  readonly policy: Policy;
  /** Standard streams; each defaults from the policy (stdin) or to the process's fd 1 and 2. */
  readonly stdio?: { readonly stdin?: InputReader; readonly stdout?: OutputWriter; readonly stderr?: OutputWriter };
  /** Called for each access record, in batches as the log flushes (live stream for the debugger). */
  readonly onRecord?: (record: AccessRecord) => void;
  /** Called with each batch of records. */
  readonly onRecords?: (batch: readonly AccessRecord[]) => void;
  /** Also write the records as JSON Lines to this file. */
  readonly accessLogFile?: string;
  /** Adds a `source` field to the file's records that carry caller frames (mapped by the embedder). */
  readonly accessLogSource?: SourceLocator;
  readonly accessLog?: AccessLogOptions;
  /** Substitute clocks and randomness (tests); deterministic mode picks virtual ones by default. */
  readonly clock?: ClockProvider;
  readonly random?: RandomProvider;
  /** Listening sockets handed to the module as preopened descriptors after the directories. */
  readonly sockets?: readonly PreopenedSocket[];
  /**
   * Gather small sequential fd_writes to regular files in memory, written out before any other WASI
   * call, when `start` returns or unwinds, and on `flush`/`close` (default false). Much faster for
   * programs that write a file in small pieces; leave it off where the module may be paused or killed
   * mid-run (a debugger, a watchdog), since bytes the module wrote should then already be in the file.
   */
  readonly bufferFileWrites?: boolean;
  /** Opt-in call tracing: one event per WASI call, after it returns. */
  readonly trace?: (event: TraceEvent) => void;
}

export interface TraceEvent {
  readonly call: WasiFunctionName;
  readonly args: Readonly<Record<string, number | bigint>>;
  /** The errno returned, or undefined when the call unwound (proc_exit, a limit). */
  readonly errno: number | undefined;
  readonly durationMs: number;
}

export type WasiImportFunction = (...args: (number | bigint)[]) => number;

export interface WasiHost {
  readonly imports: { readonly wasi_snapshot_preview1: Readonly<Record<WasiFunctionName, WasiImportFunction>> };
  /** Runs a command module's `_start`; returns its exit code (0 when `_start` returns). Limits throw WasiLimitExceeded. */
  start(instance: WasmInstance): number;
  /** Prepares a reactor module: attaches its memory and calls `_initialize` when exported. */
  initialize(instance: WasmInstance): void;
  /** Attaches a memory directly (tests, or modules that import their memory). */
  attachMemory(memory: WasmMemory): void;
  summary(): AccessSummary;
  /** The most recent records (bounded ring). */
  recent(): AccessRecord[];
  /** Writes out gathered file writes (bufferFileWrites) and hands pending access records to the sinks. */
  flush(): void;
  /** Flushes, closes the access-log file and every host descriptor the module left open. */
  close(): void;
  readonly exitCode: number | undefined;
}

export function createWasiHost(options: WasiHostOptions): WasiHost {
  const policy = options.policy;
  const problems = validatePolicy(policy);
  if (problems.length > 0) throw new WasiConfigError(`invalid policy: ${problems.join('; ')}`);
  const preopens = policy.preopens.map(openPreopen);

  const sinks: AccessSink[] = [];
  if (options.accessLogFile !== undefined) {
    try {
      sinks.push(jsonLinesSink(options.accessLogFile, options.accessLogSource));
    } catch (err) {
      throw new WasiConfigError(`cannot write the access log ${options.accessLogFile}: ${(err as { code?: string }).code ?? String(err)}`);
    }
  }
  if (options.onRecords !== undefined) sinks.push(callbackSink(options.onRecords));
  const onRecord = options.onRecord;
  if (onRecord !== undefined) sinks.push(callbackSink((batch) => { for (const r of batch) onRecord(r); }));

  const deterministic = policy.deterministic;
  const clock = options.clock ?? (deterministic !== undefined ? virtualClock() : systemClock());
  const random = options.random ?? (deterministic !== undefined ? seededRandom(deterministic.seed) : systemRandom());
  const log = new AccessLog(() => clock.elapsedMs(), sinks, options.accessLog);
  const ctx = new HostContext({ policy, preopens, clock, random, log, bufferWrites: options.bufferFileWrites });

  ctx.fds.set(0, new StdinFd(options.stdio?.stdin ?? defaultStdin(policy), STDIN_RIGHTS));
  ctx.fds.set(1, new OutputFd('stdout', options.stdio?.stdout ?? fdWriter(1), STDOUT_RIGHTS));
  ctx.fds.set(2, new OutputFd('stderr', options.stdio?.stderr ?? fdWriter(2), STDOUT_RIGHTS));
  let next = 3;
  for (const root of preopens) {
    const rights = preopenRights(root);
    ctx.fds.set(next++, new PreopenDirFd(root, rights.base, rights.inheriting));
  }
  for (const s of options.sockets ?? []) ctx.fds.set(next++, new ListenerFd(s.name, s.listener, RIGHTS_SOCKET_LISTEN));

  const imports = buildImports(ctx, options.trace);
  let closed = false;
  const closeAll = (): void => {
    if (closed) return;
    closed = true;
    for (const [n] of ctx.fds.entries()) {
      const fd = ctx.fds.remove(n);
      // The standard streams belong to the embedder; everything else the module opened is closed,
      // wherever fd_renumber moved it.
      if (fd !== undefined && !(fd instanceof StdinFd) && !(fd instanceof OutputFd)) fd.close();
    }
    log.close();
  };

  return {
    imports: { wasi_snapshot_preview1: imports },
    start(instance) {
      const start = instance.exports._start;
      if (typeof start !== 'function') throw new WasiConfigError('the module does not export a _start function (is it a reactor? use initialize())');
      attachFrom(ctx, instance);
      ctx.startTimer();
      try {
        (start as () => void)();
        ctx.exitCode = 0;
      } catch (err) {
        if (!(err instanceof WasiExit)) throw err;
        ctx.exitCode = err.code;
      } finally {
        // Whatever the module wrote reaches its files however it ended (exit, trap, limit).
        ctx.flushWrites();
        log.flush();
      }
      return ctx.exitCode;
    },
    initialize(instance) {
      attachFrom(ctx, instance);
      ctx.startTimer();
      const init = instance.exports._initialize;
      if (typeof init === 'function') (init as () => void)();
    },
    attachMemory(memory) {
      ctx.mem.attach(memory);
      ctx.startTimer();
    },
    summary: () => log.summary(),
    recent: () => log.recent(),
    flush() {
      ctx.flushWrites();
      log.flush();
    },
    close: closeAll,
    get exitCode() {
      return ctx.exitCode;
    },
  };
}

function attachFrom(ctx: HostContext, instance: WasmInstance): void {
  if (ctx.mem.attached) return;
  const memory = instance.exports.memory;
  if (!isWasmMemory(memory)) throw new WasiConfigError('the module does not export its memory as "memory"');
  ctx.mem.attach(memory);
}

function openPreopen(p: Policy['preopens'][number]): PreopenRoot {
  let real: string;
  try {
    real = fs.realpathSync(p.host);
  } catch {
    throw new WasiConfigError(`preopen directory ${p.host} does not exist`);
  }
  if (!fs.statSync(real).isDirectory()) throw new WasiConfigError(`preopen ${p.host} is not a directory`);
  return { host: real, guest: p.guest, readonly: p.readonly };
}

function defaultStdin(policy: Policy): InputReader {
  switch (policy.stdin.kind) {
    case 'inherit': return fdReader(0);
    case 'file': return fileReader(policy.stdin.path);
    case 'none': return emptyReader();
  }
}

type Impl = (ctx: HostContext, ...args: (number | bigint | undefined)[]) => number;

/**
 * One wrapper per function: limits and memory refresh first, then the handler; no allocation per call.
 * Each wrapper declares exactly the parameters of its signature, so V8 uses its fast wasm-to-JS call
 * path (an arity mismatch goes through a slower adapter).
 */
function buildImports(ctx: HostContext, trace: WasiHostOptions['trace']): Record<WasiFunctionName, WasiImportFunction> {
  const out = {} as Record<WasiFunctionName, WasiImportFunction>;
  for (const name of WASI_FUNCTION_NAMES) {
    const fast = exactArity(ctx, name, HANDLERS[name] as unknown as Impl, SIGNATURES[name].params.length);
    out[name] = trace === undefined ? fast : traced(name, fast, trace);
  }
  return out;
}

type Arg = number | bigint;

function exactArity(ctx: HostContext, name: WasiFunctionName, impl: Impl, arity: number): WasiImportFunction {
  // fd_write may leave gathered bytes pending; every other call writes them out first (HostContext.enter).
  const keep = name === 'fd_write';
  switch (arity) {
    case 0: return () => { try { ctx.enter(keep); return impl(ctx); } catch (err) { return ctx.fail(name, err); } };
    case 1: return (a: Arg) => { try { ctx.enter(keep); return impl(ctx, a); } catch (err) { return ctx.fail(name, err); } };
    case 2: return (a: Arg, b: Arg) => { try { ctx.enter(keep); return impl(ctx, a, b); } catch (err) { return ctx.fail(name, err); } };
    case 3: return (a: Arg, b: Arg, c: Arg) => { try { ctx.enter(keep); return impl(ctx, a, b, c); } catch (err) { return ctx.fail(name, err); } };
    case 4: return (a: Arg, b: Arg, c: Arg, d: Arg) => {
      try { ctx.enter(keep); return impl(ctx, a, b, c, d); } catch (err) { return ctx.fail(name, err); }
    };
    case 5: return (a: Arg, b: Arg, c: Arg, d: Arg, e: Arg) => {
      try { ctx.enter(keep); return impl(ctx, a, b, c, d, e); } catch (err) { return ctx.fail(name, err); }
    };
    case 6: return (a: Arg, b: Arg, c: Arg, d: Arg, e: Arg, f: Arg) => {
      try { ctx.enter(keep); return impl(ctx, a, b, c, d, e, f); } catch (err) { return ctx.fail(name, err); }
    };
    case 7: return (a: Arg, b: Arg, c: Arg, d: Arg, e: Arg, f: Arg, g: Arg) => {
      try { ctx.enter(keep); return impl(ctx, a, b, c, d, e, f, g); } catch (err) { return ctx.fail(name, err); }
    };
    default: return (a: Arg, b: Arg, c: Arg, d: Arg, e: Arg, f: Arg, g: Arg, h: Arg, i: Arg) => {
      try { ctx.enter(keep); return impl(ctx, a, b, c, d, e, f, g, h, i); } catch (err) { return ctx.fail(name, err); }
    };
  }
}

function traced(name: WasiFunctionName, fn: WasiImportFunction, trace: (event: TraceEvent) => void): WasiImportFunction {
  const params = SIGNATURES[name].params;
  return (...args) => {
    const named: Record<string, number | bigint> = {};
    params.forEach(([pname], i) => { named[pname] = args[i]; });
    const t0 = performance.now();
    let errno: number | undefined;
    try {
      errno = fn(...args);
      return errno;
    } finally {
      trace({ call: name, args: named, errno, durationMs: performance.now() - t0 });
    }
  };
}
