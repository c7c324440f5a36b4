// WASI Studio's instrumented WASI preview1 host: the public entry.
//
//   const host = createWasiHost({
//     policy,                                  // api.ts Policy: args, env, preopens, stdin, allow, limits, deterministic
//     stdio: { stdin, stdout, stderr },        // optional: InputReader / OutputWriter (defaults: policy stdin, fd 1, fd 2)
//     onRecord, onRecords, accessLogFile,      // optional access-log sinks (live records, batches, JSON Lines file)
//     accessLog: { detail, batchSize },        // optional: per-call records with caller locations
//     clock, random,                           // optional providers (tests); deterministic mode picks virtual ones
//     sockets,                                 // optional preopened listening sockets (sock.ts)
//     trace,                                   // optional per-call trace events
//   });
//   const instance = new WebAssembly.Instance(module, host.imports);
//   const exitCode = host.start(instance);     // runs _start; proc_exit(n) → n; traps and limits throw
//   host.summary();                             // counts per capability and per target
//   host.close();                               // flush the log, close host descriptors
//
// The CLI calls it on the main thread with fdReader(0)/fdWriter(1)/fdWriter(2); the debugger's runner
// calls it inside a Worker with sharedReader(buffer) for interactive stdin (fed by SharedStdinFeeder on
// the owning thread) and callbackWriter(...) for output. Exceptions that leave `start`:
// WasiLimitExceeded (memory, timeout, fds: the module is stopped), WasiHostError (a host bug, with the
// call's name), WasiConfigError (set-up problems), and WebAssembly.RuntimeError (traps).
export { createWasiHost } from './host';
export type { WasiHost, WasiHostOptions, TraceEvent, WasiImportFunction } from './host';
export type { Policy, Preopen, AccessRecord, AccessSummary, Capability, CapabilitySwitches, ResourceLimits } from './api';
export { WasiExit, WasiLimitExceeded, WasiHostError, WasiConfigError } from './errors';
export type { LimitKind } from './errors';
export {
  fdReader, fdWriter, callbackWriter, bytesReader, fileReader, emptyReader, memoryWriter, sharedReader,
  createSharedStdinBuffer, SharedStdinFeeder,
} from './stdio';
export type { InputReader, OutputWriter } from './stdio';
export { systemClock, virtualClock, systemRandom, seededRandom } from './providers';
export type { ClockProvider, RandomProvider } from './providers';
export { jsonLinesSink, callbackSink } from './accessLog';
export type { AccessLogOptions, AccessSink, SourceLocator } from './accessLog';
export { QueuedListener, fdConnection } from './sock';
export type { PreopenedSocket, SocketListener, SocketConnection } from './sock';
export { validatePolicy } from './policy';
export { SIGNATURES, WASI_FUNCTION_NAMES } from './signatures';
export type { WasiFunctionName } from './signatures';
export { ERRNO_NAMES, errnoName } from './defs';
