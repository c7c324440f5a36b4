// The access-log recorder. Every capability use becomes an AccessRecord; records are batched and
// handed to sinks (a JSON Lines file, a callback for the debugger), while a summary of counts per
// capability and per target is kept for the whole run. Memory stays bounded: at most one batch is
// pending and a ring of the most recent records is kept for inspection.
//
// To stay cheap on hot paths, allowed calls are folded unless per-call detail is on:
// - consecutive identical data-moving calls (io(): fd_write in a loop) fold into one record with a
//   `count` and total `bytes`, without any allocation;
// - other allowed calls (allow(): opens, closes, renames…) that are identical (same call, target, host
//   path and errno) within one window fold into one record, emitted in order of first occurrence.
// Records are never reordered: a data-moving record, a denial, a flush, a full window or 200 ms close
// the window first.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { AccessRecord, AccessSummary, Capability, WasmFrameRef } from './api';
import { errnoName } from './defs';

export interface AccessSink {
  write(batch: readonly AccessRecord[]): void;
  close?(): void;
}

export interface AccessLogOptions {
  /** One record per call (no folding) and caller locations on every record. Default false. */
  readonly detail?: boolean;
  /** Records per batch handed to the sinks. Default 256. */
  readonly batchSize?: number;
  /** Most recent records kept in memory for `recent()`. Default 256. */
  readonly ringSize?: number;
  /** A batch older than this many (real) milliseconds is handed over at the next record. Default 200. */
  readonly maxDelayMs?: number;
}

export interface CallerLocation {
  readonly wasmFunction: number;
  readonly wasmOffset: number;
  /** The wasm frames of the call, innermost first (at most MAX_WASM_FRAMES). */
  readonly wasmFrames: readonly WasmFrameRef[];
}

const MAX_TARGETS = 10_000;
/** Enough frames to get from a libc wrapper up to the user's code that called it. */
const MAX_WASM_FRAMES = 16;
const FRAME_RE = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/g;

/**
 * Finds the wasm frames of the current stack, innermost first; only called for denials or with detail
 * on. The innermost is usually a libc wrapper, so callers further out are kept too: whoever maps the
 * record to a source line can pick the first frame that has source.
 */
export function captureCaller(): CallerLocation | undefined {
  const limit = Error.stackTraceLimit;
  // The host's own JS frames come first; leave room for them above the wasm frames.
  Error.stackTraceLimit = MAX_WASM_FRAMES + 16;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  if (stack === undefined) return undefined;
  const frames: WasmFrameRef[] = [];
  FRAME_RE.lastIndex = 0;
  for (let m = FRAME_RE.exec(stack); m !== null && frames.length < MAX_WASM_FRAMES; m = FRAME_RE.exec(stack)) {
    frames.push({ fn: Number(m[1]), offset: parseInt(m[2], 16) });
  }
  if (frames.length === 0) return undefined;
  return { wasmFunction: frames[0].fn, wasmOffset: frames[0].offset, wasmFrames: frames };
}

interface MutableCounts { allowed: number; denied: number; bytes: number }

interface WindowEntry {
  readonly call: string;
  readonly capability: Capability;
  readonly target: string | undefined;
  readonly hostPath: string | undefined;
  readonly errno: number;
  readonly time: number;
  count: number;
  bytes: number | undefined;
}

/** A JSON string literal; plain strings (the usual paths and names) skip JSON.stringify. */
function jsonString(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(text);
  }
  return '"' + text + '"';
}

/** One record as a JSON object, equal to JSON.stringify(record) but several times cheaper. */
export function recordJson(r: AccessRecord): string {
  let out = '{"seq":' + r.seq + ',"time":' + r.time + ',"call":"' + r.call + '","capability":"' + r.capability + '"';
  if (r.target !== undefined) out += ',"target":' + jsonString(r.target);
  if (r.hostPath !== undefined) out += ',"hostPath":' + jsonString(r.hostPath);
  out += ',"decision":"' + r.decision + '","errno":"' + r.errno + '"';
  if (r.bytes !== undefined) out += ',"bytes":' + r.bytes;
  if (r.count !== undefined) out += ',"count":' + r.count;
  if (r.reason !== undefined) out += ',"reason":' + jsonString(r.reason);
  if (r.wasmFunction !== undefined) out += ',"wasmFunction":' + r.wasmFunction;
  if (r.wasmOffset !== undefined) out += ',"wasmOffset":' + r.wasmOffset;
  if (r.wasmFrames !== undefined) {
    out += ',"wasmFrames":[';
    for (let i = 0; i < r.wasmFrames.length; i++) out += (i > 0 ? ',{"fn":' : '{"fn":') + r.wasmFrames[i].fn + ',"offset":' + r.wasmFrames[i].offset + '}';
    out += ']';
  }
  return out + '}';
}

/** Maps a record's caller frames to a source line; the embedder supplies it (the host knows no DWARF). */
export type SourceLocator = (record: AccessRecord) => { readonly path: string; readonly line: number } | undefined;

/**
 * Writes each batch as JSON Lines, synchronously (the module's thread is busy anyway). With `locate`,
 * records that carry caller frames also get a `source: { path, line }` field, as the client's log view
 * reads it.
 */
export function jsonLinesSink(path: string, locate?: SourceLocator): AccessSink {
  const fd = openSync(path, 'w');
  return {
    write(batch) {
      let text = '';
      for (const r of batch) {
        const source = locate !== undefined && r.wasmOffset !== undefined ? locate(r) : undefined;
        if (source === undefined) text += recordJson(r) + '\n';
        else text += recordJson(r).slice(0, -1) + ',"source":{"path":' + jsonString(source.path) + ',"line":' + source.line + '}}\n';
      }
      writeSync(fd, text);
    },
    close() { closeSync(fd); },
  };
}

export function callbackSink(onRecords: (batch: readonly AccessRecord[]) => void): AccessSink {
  return { write: onRecords };
}

export class AccessLog {
  readonly detail: boolean;
  private readonly batchSize: number;
  private readonly ringSize: number;
  private readonly ring: AccessRecord[] = [];
  private ringNext = 0;
  private batch: AccessRecord[] = [];
  private seq = 0;
  private batchStarted = 0;
  private readonly maxDelayMs: number;
  private calls = 0;
  private allowed = 0;
  private denied = 0;
  private readonly byCapability = new Map<Capability, { allowed: number; denied: number }>();
  private readonly byTarget = new Map<string, MutableCounts>();
  // The open run of identical consecutive io() calls: kept as fields so folding allocates nothing.
  private foldCall = '';
  private foldTarget = '';
  private foldErrno = -1;
  private foldCapability: Capability = 'stdio';
  private foldCount = 0;
  private foldBytes = 0;
  private foldTime = 0;
  // The window of folded allowed records, in order of first occurrence.
  // Entries are found by target (one hash of a usually reused string) and then compared by call,
  // errno and host path; `windowOrder` keeps first-occurrence order.
  private readonly window = new Map<string, WindowEntry[]>();
  private readonly windowOrder: WindowEntry[] = [];
  private windowStarted = 0;

  constructor(
    private readonly now: () => number,
    private readonly sinks: readonly AccessSink[],
    options: AccessLogOptions = {},
  ) {
    this.detail = options.detail ?? false;
    this.batchSize = Math.max(1, options.batchSize ?? 256);
    this.ringSize = Math.max(1, options.ringSize ?? 256);
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /**
   * Records a data-moving call on an open descriptor (fd_read, fd_write, random_get, clock reads...).
   * Identical consecutive calls fold into one record unless detail is on.
   */
  io(call: string, capability: Capability, target: string, errno: number, bytes: number): void {
    if (this.detail) {
      this.count(capability, target, 1, bytes);
      this.emit({ call, capability, target, decision: 'allowed', errno, bytes }, captureCaller());
      return;
    }
    if (this.foldCount > 0 && call === this.foldCall && target === this.foldTarget && errno === this.foldErrno) {
      this.foldCount += 1;
      this.foldBytes += bytes;
      return;
    }
    this.closeFold();
    this.foldCall = call;
    this.foldTarget = target;
    this.foldErrno = errno;
    this.foldCapability = capability;
    this.foldCount = 1;
    this.foldBytes = bytes;
    this.foldTime = this.now();
  }

  /** Records an allowed call (opens, renames, env reads, exit...); folded within the window unless detail is on. */
  allow(call: string, capability: Capability, target: string | undefined, errno: number, hostPath?: string, bytes?: number): void {
    this.count(capability, target, 1, bytes ?? 0);
    this.closeFold();
    if (this.detail) {
      this.emit({ call, capability, target, hostPath, decision: 'allowed', errno, bytes }, captureCaller());
      return;
    }
    this.addToWindow(call, capability, target, hostPath, errno, bytes);
  }

  /** Records a denial, never folded, with the caller's location when it can be found. */
  deny(call: string, capability: Capability, target: string | undefined, errno: number, reason: string, hostPath?: string): void {
    this.count(capability, target, -1, 0);
    this.closeWindow();
    this.emit({ call, capability, target, hostPath, decision: 'denied', errno, reason }, captureCaller());
  }

  /** Hands pending records to the sinks. */
  flush(): void {
    this.closeWindow();
    if (this.batch.length === 0) return;
    const batch = this.batch;
    this.batch = [];
    for (const sink of this.sinks) sink.write(batch);
  }

  close(): void {
    this.flush();
    for (const sink of this.sinks) sink.close?.();
  }

  /** The most recent records, oldest first (bounded by `ringSize`). */
  recent(): AccessRecord[] {
    this.closeWindow();
    return this.ring.length < this.ringSize ? this.ring.slice() : [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
  }

  summary(): AccessSummary {
    this.closeFold();
    const byCapability: Partial<Record<Capability, { allowed: number; denied: number }>> = {};
    for (const [k, v] of this.byCapability) byCapability[k] = { ...v };
    const byTarget: Record<string, { allowed: number; denied: number; bytes: number }> = {};
    for (const [k, v] of this.byTarget) byTarget[k] = { ...v };
    return { calls: this.calls, allowed: this.allowed, denied: this.denied, byCapability, byTarget };
  }

  /** Adds `n` allowed calls (n > 0) or one denied call (n = -1) to the summary. */
  private count(capability: Capability, target: string | undefined, n: number, bytes: number): void {
    const allowed = n > 0 ? n : 0;
    const denied = n < 0 ? 1 : 0;
    this.calls += allowed + denied;
    this.allowed += allowed;
    this.denied += denied;
    let cap = this.byCapability.get(capability);
    if (cap === undefined) this.byCapability.set(capability, (cap = { allowed: 0, denied: 0 }));
    cap.allowed += allowed;
    cap.denied += denied;
    if (target === undefined) return;
    let t = this.byTarget.get(target);
    if (t === undefined) {
      const key = this.byTarget.size < MAX_TARGETS ? target : '(other)';
      t = this.byTarget.get(key);
      if (t === undefined) this.byTarget.set(key, (t = { allowed: 0, denied: 0, bytes: 0 }));
    }
    t.allowed += allowed;
    t.denied += denied;
    t.bytes += bytes;
  }

  /** Emits the open run of identical io() calls, after the window records that preceded it. */
  private closeFold(): void {
    if (this.foldCount === 0) return;
    const count = this.foldCount;
    this.foldCount = 0;
    this.count(this.foldCapability, this.foldTarget, count, this.foldBytes);
    this.emitWindow();
    this.push({
      seq: this.seq++, time: this.foldTime, call: this.foldCall, capability: this.foldCapability, target: this.foldTarget,
      decision: 'allowed', errno: errnoName(this.foldErrno), bytes: this.foldBytes,
      ...(count > 1 ? { count } : {}),
    });
  }

  private addToWindow(
    call: string, capability: Capability, target: string | undefined, hostPath: string | undefined, errno: number,
    bytes: number | undefined,
  ): void {
    const key = target ?? '';
    let list = this.window.get(key);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i];
        if (e.call === call && e.errno === errno && e.hostPath === hostPath && e.target === target) {
          e.count += 1;
          if (bytes !== undefined) e.bytes = (e.bytes ?? 0) + bytes;
          return;
        }
      }
    } else {
      list = [];
      this.window.set(key, list);
    }
    if (this.windowOrder.length === 0) this.windowStarted = Date.now();
    // A record's time is its first occurrence's, so the clock is read only for a new entry.
    const entry: WindowEntry = { call, capability, target, hostPath, errno, time: this.now(), count: 1, bytes };
    list.push(entry);
    this.windowOrder.push(entry);
    if (this.windowOrder.length >= this.batchSize || Date.now() - this.windowStarted > this.maxDelayMs) this.closeWindow();
  }

  /** Emits everything pending: the window, then any open io() run (which started after it). */
  private closeWindow(): void {
    this.emitWindow();
    this.closeFold();
  }

  /** Emits the window's records in order of first occurrence. */
  private emitWindow(): void {
    if (this.windowOrder.length === 0) return;
    for (const e of this.windowOrder) {
      const record: { -readonly [K in keyof AccessRecord]: AccessRecord[K] } = {
        seq: this.seq++, time: e.time, call: e.call, capability: e.capability, decision: 'allowed', errno: errnoName(e.errno),
      };
      if (e.target !== undefined) record.target = e.target;
      if (e.hostPath !== undefined) record.hostPath = e.hostPath;
      if (e.bytes !== undefined) record.bytes = e.bytes;
      if (e.count > 1) record.count = e.count;
      this.push(record);
    }
    this.window.clear();
    this.windowOrder.length = 0;
  }

  private emit(
    r: { call: string; capability: Capability; target?: string; hostPath?: string; decision: 'allowed' | 'denied'; errno: number; bytes?: number; reason?: string },
    caller: CallerLocation | undefined,
  ): void {
    const record: { -readonly [K in keyof AccessRecord]: AccessRecord[K] } = {
      seq: this.seq++, time: this.now(), call: r.call, capability: r.capability, decision: r.decision, errno: errnoName(r.errno),
    };
    if (r.target !== undefined) record.target = r.target;
    if (r.hostPath !== undefined) record.hostPath = r.hostPath;
    if (r.bytes !== undefined) record.bytes = r.bytes;
    if (r.reason !== undefined) record.reason = r.reason;
    if (caller !== undefined) {
      record.wasmFunction = caller.wasmFunction;
      record.wasmOffset = caller.wasmOffset;
      record.wasmFrames = caller.wasmFrames;
    }
    this.push(record);
  }

  private push(record: AccessRecord): void {
    if (this.ring.length < this.ringSize) this.ring.push(record);
    else this.ring[this.ringNext] = record;
    this.ringNext = (this.ringNext + 1) % this.ringSize;
    if (this.batch.length === 0) this.batchStarted = Date.now();
    this.batch.push(record);
    if (this.batch.length >= this.batchSize || Date.now() - this.batchStarted > this.maxDelayMs) {
      const batch = this.batch;
      this.batch = [];
      for (const sink of this.sinks) sink.write(batch);
    }
  }
}
