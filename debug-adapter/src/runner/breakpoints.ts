// User breakpoints: source lines and function names resolved to code offsets, the raw V8
// breakpoints behind them, and the per-hit decisions (hit counts, conditions, logpoints).

import type { Program } from './program';
import type { WasmFrame, WasmRuntime } from './runtime';
import { evaluateInFrame, isTruthy } from './evaluate';

export interface BreakpointSpec {
  /** 1-based line for source breakpoints; ignored for function breakpoints. */
  readonly line: number;
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export type FunctionSpec = BreakpointSpec & { readonly name: string };

interface Requested<S extends BreakpointSpec = BreakpointSpec> {
  readonly id: number;
  readonly spec: S;
}

export interface BreakpointState {
  readonly id: number;
  readonly verified: boolean;
  readonly line?: number;
  readonly message?: string;
}

export interface RawBreakpoints {
  set(address: number): Promise<string>;
  remove(id: string): Promise<void>;
}

interface UserBreakpoint {
  readonly id: number;
  readonly spec: BreakpointSpec;
  readonly kind: 'line' | 'function';
  readonly rawIds: string[];
  hits: number;
}

export interface HitDecision {
  readonly stop: boolean;
  readonly ids: number[];
  readonly logs: string[];
  readonly functionBreakpoint: boolean;
}

export class BreakpointBook {
  private nextId = 1;
  private readonly bySource = new Map<string, UserBreakpoint[]>();
  private functionBps: UserBreakpoint[] = [];
  private readonly byRaw = new Map<string, UserBreakpoint>();
  private readonly inflight = new Set<Promise<string>>();
  /** What the client asked for, verified or not, with the ids it was given: a restart sets them again. */
  private readonly requestedSources = new Map<string, Requested[]>();
  private requestedFunctions: Requested<FunctionSpec>[] = [];

  constructor(private readonly program: Program, private readonly raw: RawBreakpoints) {}

  /** Replaces the breakpoints of one source file. */
  async setForSource(path: string, specs: readonly BreakpointSpec[]): Promise<BreakpointState[]> {
    return this.placeSource(path, specs.map((spec) => ({ id: this.nextId++, spec })));
  }

  /** Replaces all function breakpoints. */
  async setFunctions(specs: readonly FunctionSpec[]): Promise<BreakpointState[]> {
    return this.placeFunctions(specs.map((spec) => ({ id: this.nextId++, spec })));
  }

  /**
   * Sets every breakpoint another book was asked for (the previous run's, on restart), keeping their
   * ids so the client's breakpoints stay matched to the new ones.
   */
  async restoreFrom(previous: BreakpointBook): Promise<void> {
    this.nextId = Math.max(this.nextId, previous.nextId);
    for (const [path, requested] of previous.requestedSources) await this.placeSource(path, requested);
    if (previous.requestedFunctions.length > 0) await this.placeFunctions(previous.requestedFunctions);
  }

  private async placeSource(path: string, requested: readonly Requested[]): Promise<BreakpointState[]> {
    await this.clear(this.bySource.get(path) ?? []);
    this.requestedSources.set(path, [...requested]);
    const list: UserBreakpoint[] = [];
    const states: BreakpointState[] = [];
    for (const { id, spec } of requested) {
      const bp: UserBreakpoint = { id, spec, kind: 'line', rawIds: [], hits: 0 };
      const placement = this.program.placeBreakpoint(path, spec.line);
      if ('message' in placement) {
        states.push({ id: bp.id, verified: false, message: placement.message });
        continue;
      }
      const state = await this.place(bp, placement.addresses);
      list.push(bp);
      states.push(state.verified ? { ...state, line: placement.line } : state);
    }
    this.bySource.set(path, list);
    return states;
  }

  private async placeFunctions(requested: readonly Requested<FunctionSpec>[]): Promise<BreakpointState[]> {
    await this.clear(this.functionBps);
    this.functionBps = [];
    this.requestedFunctions = [...requested];
    const states: BreakpointState[] = [];
    for (const { id, spec } of requested) {
      const bp: UserBreakpoint = { id, spec, kind: 'function', rawIds: [], hits: 0 };
      const addresses = this.program.functionBreakpointAddresses(spec.name);
      if (addresses.length === 0) {
        states.push({ id: bp.id, verified: false, message: `No function named '${spec.name}'.` });
        continue;
      }
      const state = await this.place(bp, addresses);
      this.functionBps.push(bp);
      const pos = this.program.positionAt(addresses[0]);
      states.push(pos && pos.line > 0 ? { ...state, line: pos.line } : state);
    }
    return states;
  }

  /** Whether any breakpoint is set (then the program is expected to stop). */
  get isEmpty(): boolean {
    return this.byRaw.size === 0;
  }

  byRawIds(rawIds: readonly string[]): UserBreakpoint[] {
    const out: UserBreakpoint[] = [];
    for (const id of rawIds) {
      const bp = this.byRaw.get(id);
      if (bp && !out.includes(bp)) out.push(bp);
    }
    return out;
  }

  /** Counts hits and evaluates conditions and log messages for the breakpoints hit at `frame`. */
  async decide(hits: readonly UserBreakpoint[], frame: WasmFrame | undefined, runtime: WasmRuntime): Promise<HitDecision> {
    const ids: number[] = [];
    const logs: string[] = [];
    let functionBreakpoint = false;
    for (const bp of hits) {
      if (bp.spec.condition && frame) {
        try {
          if (!isTruthy(await evaluateInFrame(runtime, frame, bp.spec.condition))) continue;
        } catch (e) {
          logs.push(`Breakpoint condition '${bp.spec.condition}' failed: ${(e as Error).message}`);
          ids.push(bp.id);
          continue;
        }
      }
      bp.hits++;
      if (bp.spec.hitCondition && !hitConditionMet(bp.spec.hitCondition, bp.hits)) continue;
      if (bp.spec.logMessage !== undefined) {
        logs.push(frame ? await interpolate(bp.spec.logMessage, runtime, frame) : bp.spec.logMessage);
        continue;
      }
      ids.push(bp.id);
      if (bp.kind === 'function') functionBreakpoint = true;
    }
    return { stop: ids.length > 0, ids, logs, functionBreakpoint };
  }

  /**
   * Waits for breakpoints being set right now. A breakpoint set while the program runs can be hit
   * before V8's reply with its id arrives; the pause then names an id this book does not know yet.
   */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }

  private async place(bp: UserBreakpoint, addresses: readonly number[]): Promise<BreakpointState> {
    try {
      for (const address of addresses) {
        const request = this.raw.set(address);
        this.inflight.add(request);
        const rawId = await request.finally(() => this.inflight.delete(request));
        bp.rawIds.push(rawId);
        this.byRaw.set(rawId, bp);
      }
      return { id: bp.id, verified: true };
    } catch (e) {
      return { id: bp.id, verified: false, message: `Cannot set the breakpoint: ${(e as Error).message}` };
    }
  }

  private async clear(list: readonly UserBreakpoint[]): Promise<void> {
    for (const bp of list) {
      for (const rawId of bp.rawIds) {
        this.byRaw.delete(rawId);
        await this.raw.remove(rawId).catch(() => undefined);
      }
    }
  }
}

/**
 * Hit conditions: `N` or `== N` stops on the Nth hit, `>= N`, `> N`, `< N`, `<= N` compare, and
 * `% N` stops on every Nth hit. Anything else never stops, so a typo is visible.
 */
export function hitConditionMet(condition: string, hits: number): boolean {
  const m = condition.trim().match(/^(==|>=|<=|>|<|%)?\s*(\d+)$/);
  if (!m) return false;
  const n = Number(m[2]);
  switch (m[1]) {
    case '>=': return hits >= n;
    case '<=': return hits <= n;
    case '>': return hits > n;
    case '<': return hits < n;
    case '%': return n > 0 && hits % n === 0;
    default: return hits === n;
  }
}

/** Replaces `{expression}` in a log message with its value; errors are shown inline. */
async function interpolate(message: string, runtime: WasmRuntime, frame: WasmFrame): Promise<string> {
  const parts = message.split(/(\{[^{}]+\})/);
  const out: string[] = [];
  for (const part of parts) {
    if (part.startsWith('{') && part.endsWith('}')) {
      try {
        out.push((await evaluateInFrame(runtime, frame, part.slice(1, -1))).text);
      } catch (e) {
        out.push(`<${(e as Error).message}>`);
      }
    } else out.push(part);
  }
  return out.join('');
}
