// The access-log recorder. Every capability use becomes an AccessRecord; records are batched and
// handed to sinks (a JSON Lines file, a callback for the debugger), while a summary of counts per
// capability and per target is kept for the whole run. Memory stays bounded: at most one batch is
// pending and a ring of the most recent records is kept for inspection.
//
// To stay cheap on hot paths, consecutive identical calls (same call, target and errno, allowed) are
// folded into one record with a `count` and total `bytes` unless per-call detail is on.
import * as fs from 'node:fs';
import type { AccessRecord, AccessSummary, Capability } from './api';
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
  /** Most recent records kept in memory for `recent()`. Default 1024. */
  readonly ringSize?: number;
  /** A batch older than this many (real) milliseconds is handed over at the next record. Default 200. */
  readonly maxDelayMs?: number;
}

export interface CallerLocation {
  readonly wasmFunction: number;
  readonly wasmOffset: number;
}

const MAX_TARGETS = 10_000;
const FRAME_RE = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;

/** Finds the innermost wasm frame of the current stack; only called for denials or with detail on. */
export function captureCaller(): CallerLocation | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 16;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  const m = stack === undefined ? null : FRAME_RE.exec(stack);
  return m === null ? undefined : { wasmFunction: Number(m[1]), wasmOffset: parseInt(m[2], 16) };
}

interface MutableCounts { allowed: number; denied: number; bytes: number }

/** Writes each batch as JSON Lines, synchronously (the module's thread is busy anyway). */
export function jsonLinesSink(path: string): AccessSink {
  const fd = fs.openSync(path, 'w');
  return {
    write(batch) {
      let text = '';
      for (const r of batch) text += JSON.stringify(r) + '\n';
      fs.writeSync(fd, text);
    },
    close() { fs.closeSync(fd); },
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
  // The open folded record, if any: kept as fields so folding allocates nothing.
  private foldCall = '';
  private foldTarget = '';
  private foldErrno = -1;
  private foldCapability: Capability = 'stdio';
  private foldCount = 0;
  private foldBytes = 0;
  private foldTime = 0;

  constructor(
    private readonly now: () => number,
    private readonly sinks: readonly AccessSink[],
    options: AccessLogOptions = {},
  ) {
    this.detail = options.detail ?? false;
    this.batchSize = Math.max(1, options.batchSize ?? 256);
    this.ringSize = Math.max(1, options.ringSize ?? 1024);
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /**
   * Records a data-moving call on an open descriptor (fd_read, fd_write, random_get, clock reads…).
   * Identical consecutive calls fold into one record unless detail is on.
   */
  io(call: string, capability: Capability, target: string, errno: number, bytes: number): void {
    this.count(capability, target, errno === 0, bytes);
    if (this.detail) {
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

  /** Records one allowed call that is not folded (opens, renames, env reads, exit…). */
  allow(call: string, capability: Capability, target: string | undefined, errno: number, hostPath?: string, bytes?: number): void {
    this.count(capability, target, true, bytes ?? 0);
    this.closeFold();
    this.emit({ call, capability, target, hostPath, decision: 'allowed', errno, bytes }, this.detail ? captureCaller() : undefined);
  }

  /** Records a denial; always with the caller's location when it can be found. */
  deny(call: string, capability: Capability, target: string | undefined, errno: number, reason: string, hostPath?: string): void {
    this.count(capability, target, false, 0);
    this.closeFold();
    this.emit({ call, capability, target, hostPath, decision: 'denied', errno, reason }, captureCaller());
  }

  /** Hands pending records to the sinks. */
  flush(): void {
    this.closeFold();
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
    this.closeFold();
    return this.ring.length < this.ringSize ? this.ring.slice() : [...this.ring.slice(this.ringNext), ...this.ring.slice(0, this.ringNext)];
  }

  summary(): AccessSummary {
    const byCapability: Partial<Record<Capability, { allowed: number; denied: number }>> = {};
    for (const [k, v] of this.byCapability) byCapability[k] = { ...v };
    const byTarget: Record<string, { allowed: number; denied: number; bytes: number }> = {};
    for (const [k, v] of this.byTarget) byTarget[k] = { ...v };
    return { calls: this.calls, allowed: this.allowed, denied: this.denied, byCapability, byTarget };
  }

  private count(capability: Capability, target: string | undefined, allowed: boolean, bytes: number): void {
    this.calls += 1;
    if (allowed) this.allowed += 1; else this.denied += 1;
    let cap = this.byCapability.get(capability);
    if (cap === undefined) this.byCapability.set(capability, (cap = { allowed: 0, denied: 0 }));
    if (allowed) cap.allowed += 1; else cap.denied += 1;
    if (target === undefined) return;
    let t = this.byTarget.get(target);
    if (t === undefined) {
      const key = this.byTarget.size < MAX_TARGETS ? target : '(other)';
      t = this.byTarget.get(key);
      if (t === undefined) this.byTarget.set(key, (t = { allowed: 0, denied: 0, bytes: 0 }));
    }
    if (allowed) t.allowed += 1; else t.denied += 1;
    t.bytes += bytes;
  }

  private closeFold(): void {
    if (this.foldCount === 0) return;
    const count = this.foldCount;
    this.foldCount = 0;
    this.push({
      seq: this.seq++, time: this.foldTime, call: this.foldCall, capability: this.foldCapability, target: this.foldTarget,
      decision: 'allowed', errno: errnoName(this.foldErrno), bytes: this.foldBytes,
      ...(count > 1 ? { count } : {}),
    });
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
