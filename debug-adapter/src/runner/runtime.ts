// The debugging runtime: runs a Program in the runner child and turns Chrome DevTools Protocol
// pauses into source-level stops, breakpoints into code offsets and line steps into skip lists.
// It speaks CDP downwards and plain typed events upwards; it knows nothing of DAP.
//
// Coordinates: addresses are Code-section-relative (DWARF); V8 columns are codeOffset + address
// (line 0 of the wasm script). Source lines and columns are 1-based.

import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { AccessRecord } from '../wasi/api';
import { loadDwarfSymbols, type WasmSymbols, type WasmValue } from '../dwarf/symbols';
import { RunnerProcess } from './launcher';
import type { WorkerConfig } from './protocol';
import type { Program, SourcePosition } from './program';
import type { CallFrame, PausedEvent, ScriptParsedEvent } from './cdpTypes';
import { BreakpointBook } from './breakpoints';

export interface RuntimeOptions {
  readonly program: Program;
  readonly worker: WorkerConfig;
  readonly debug: boolean;
  readonly stopOnEntry: boolean;
  /** Folder holding runner.js and runner-worker.js. */
  readonly distDir: string;
}

export type StopReason = 'breakpoint' | 'function breakpoint' | 'step' | 'pause' | 'entry' | 'exception';

export interface StopInfo {
  readonly reason: StopReason;
  /** For exceptions: the trap message, e.g. `RuntimeError: divide by zero`. */
  readonly text?: string;
  readonly breakpointIds: readonly number[];
}

export interface CapabilityEvent {
  readonly record: AccessRecord;
  readonly source?: { readonly path: string; readonly line: number };
}

export interface RuntimeEvents {
  stopped: [StopInfo];
  continued: [];
  output: [category: 'stdout' | 'stderr' | 'console', text: string];
  capability: [CapabilityEvent];
  exited: [code: number];
  terminated: [];
}

/** One wasm frame of the current pause, with its source position. */
export interface WasmFrame {
  readonly index: number;
  readonly callFrameId: string;
  readonly name: string;
  /** Code-section-relative address of the frame's current instruction. */
  readonly address: number;
  readonly position?: SourcePosition;
  /** 0 for the physical frame; n for the n-th function it was inlined into (outer levels). */
  readonly inlineIndex?: number;
}

export type StepKind = 'over' | 'into' | 'out';

interface StepIntent {
  readonly kind: StepKind;
  depth: number;
  fileId?: number;
  line?: number;
  /** Steps issued for this intent; bounded so a step never loops forever. */
  count: number;
}

const MAX_STEPS_PER_REQUEST = 200;

export class WasmRuntime extends EventEmitter<RuntimeEvents> {
  readonly program: Program;
  readonly breakpoints: BreakpointBook;
  private readonly options: RuntimeOptions;
  private runner: RunnerProcess | undefined;
  private attached = false;
  private started = false;
  private readonly wasmScripts = new Map<string, number>();
  private paused: PausedEvent | undefined;
  private frames: WasmFrame[] = [];
  private step: StepIntent | undefined;
  private pauseRequested = false;
  private pauseOnTraps = true;
  private entryBreakpoint: string | undefined;
  private symbolsPromise: Promise<WasmSymbols | undefined> | undefined;
  private exited = false;
  private terminatedSent = false;
  private readonly inlineCache = new Map<number, string[]>();
  private readonly resumedWaiters: (() => void)[] = [];
  private readonly calleeCache = new Map<number, { start: number; end: number }[]>();
  /** A stop was reported upwards and not yet followed by a resume. */
  private stopReported = false;

  constructor(options: RuntimeOptions) {
    super();
    this.options = options;
    this.program = options.program;
    this.breakpoints = new BreakpointBook(this.program, {
      set: (address) => this.setRawBreakpoint(address),
      remove: (id) => this.removeRawBreakpoint(id),
    });
  }

  get isPaused(): boolean {
    return this.paused !== undefined;
  }

  /** Starts the runner; resolves once breakpoints can be set (debug) or at once (noDebug). */
  async launch(): Promise<void> {
    const runner = new RunnerProcess(join(this.options.distDir, 'runner.js'), this.options.debug, this.options.worker);
    this.runner = runner;
    runner.on('output', (stream, data) => this.emit('output', stream, data));
    runner.on('access', (m) => { for (const r of m.records) this.emit('capability', this.locateRecord(r)); });
    runner.on('exit', (code) => this.onExit(code));
    runner.on('failed', (message, trap) => {
      this.emit('output', 'stderr', `${trap ? 'The program trapped' : 'The program failed'}: ${message}\n`);
      if (!this.exited) this.onExit(trap ? 134 : 1);
    });
    runner.on('closed', () => this.onClosed());
    runner.on('cdp', (method, params) => this.onCdp(method, params));
    if (!this.options.debug) return;
    await new Promise<void>((resolve, reject) => {
      runner.once('attached', () => resolve());
      runner.once('closed', () => reject(new Error('The runner ended before the debugger could attach.')));
    });
    this.attached = true;
    await runner.send('Debugger.enable', { maxScriptsCacheSize: 0 });
    await this.applyPauseOnExceptions();
  }

  /** Lets the program run (after the client's breakpoints are set). */
  async start(): Promise<void> {
    if (this.started || !this.runner) return;
    this.started = true;
    if (!this.options.debug) return;
    if (this.options.stopOnEntry) {
      const entry = this.program.entryAddress();
      if (entry !== undefined) this.entryBreakpoint = await this.setRawBreakpoint(entry);
    }
    // A stop is expected: load symbols while the program runs to it, so the first Variables view
    // does not wait for them.
    if (this.options.stopOnEntry || !this.breakpoints.isEmpty) void this.symbols();
    await this.runner.send('Runtime.runIfWaitingForDebugger');
  }

  /**
   * The symbol engine; undefined without DWARF or when it cannot load. It is loaded on first use
   * (the first stop, or a breakpoint condition), so runs that never stop never pay its ~350 ms and
   * 150 MB.
   */
  symbols(): Promise<WasmSymbols | undefined> {
    if (!this.symbolsPromise) {
      const wanted = this.options.debug && this.program.info.hasDwarf && this.program.hasLineInfo;
      this.symbolsPromise = wanted ? this.loadSymbols() : Promise.resolve(undefined);
    }
    return this.symbolsPromise;
  }

  async setPauseOnTraps(enabled: boolean): Promise<void> {
    this.pauseOnTraps = enabled;
    if (this.attached) await this.applyPauseOnExceptions();
  }

  async continue(): Promise<void> {
    this.step = undefined;
    await this.resume();
  }

  async pause(): Promise<void> {
    if (this.paused || !this.runner) return;
    this.pauseRequested = true;
    await this.runner.send('Debugger.pause');
  }

  async stepRequest(kind: StepKind): Promise<void> {
    const top = this.frames[0];
    if (!this.paused || !top) return;
    this.stopReported = false;
    const inline = await this.inlineContext(top);
    if (kind === 'out' && inline.levels > 1) {
      // Leaving an inlined function stays in the same wasm function: step while inside its ranges.
      this.step = { kind: 'over', depth: this.frames.length, count: 0 };
      await this.send('Debugger.stepOver', { skipList: this.toSkipList(top, inline.ownRanges) });
      return;
    }
    this.step = { kind, depth: this.frames.length, fileId: top.position?.fileId, line: top.position?.line, count: 0 };
    await this.issueStep();
  }

  /** Inline levels at an address (innermost first), cached: code does not change while it runs. */
  private async inlineNames(symbols: WasmSymbols, address: number): Promise<string[]> {
    let names = this.inlineCache.get(address);
    if (!names) {
      // Only code with source lines can have inlined functions worth showing.
      names = this.program.positionAt(address)?.source.available ? await symbols.functionFrames(address).catch(() => [] as string[]) : [];
      this.inlineCache.set(address, names);
    }
    return names;
  }

  /** How many inline levels the top frame has, and the ranges of the innermost inlined function. */
  private async inlineContext(frame: WasmFrame): Promise<{ levels: number; ownRanges: { start: number; end: number }[] }> {
    const symbols = this.symbolsPromise ? await this.symbolsPromise : undefined;
    if (!symbols) return { levels: 1, ownRanges: [] };
    const names = await this.inlineNames(symbols, frame.address);
    if (names.length <= 1) return { levels: names.length, ownRanges: [] };
    return { levels: names.length, ownRanges: await symbols.inlinedRanges(frame.address, 0).catch(() => []) };
  }

  /** Code-section ranges as a V8 skip list for `frame`'s script: sorted, merged, non-empty. */
  private toSkipList(frame: WasmFrame, ranges: readonly { start: number; end: number }[]): object[] {
    const scriptId = this.paused?.callFrames[frame.index]?.location.scriptId;
    const codeOffset = (scriptId !== undefined ? this.wasmScripts.get(scriptId) : undefined) ?? this.program.codeOffset;
    const sorted = ranges.filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
    const merged: { start: number; end: number }[] = [];
    for (const r of sorted) {
      const last = merged[merged.length - 1];
      if (last && last.end >= r.start) last.end = Math.max(last.end, r.end);
      else merged.push({ ...r });
    }
    return merged.map((r) => ({
      scriptId,
      start: { lineNumber: 0, columnNumber: codeOffset + r.start },
      end: { lineNumber: 0, columnNumber: codeOffset + r.end },
    }));
  }

  /** Bytes for the module's stdin, when it is streamed (WorkerConfig.streamStdin). */
  writeStdin(data: Uint8Array): void {
    this.runner?.writeStdin(data);
  }

  /** Ends the module's streamed stdin. */
  endStdin(): void {
    this.runner?.endStdin();
  }

  /** Ends the program (also in an infinite loop) and the runner. */
  terminate(): void {
    this.runner?.kill();
  }

  /** Ends the runner and resolves once its process is gone (a restart must not overlap two runs). */
  shutdown(): Promise<void> {
    const runner = this.runner;
    if (!runner || runner.isClosed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => runner.once('closed', resolve));
    runner.kill();
    return closed;
  }

  currentFrames(): readonly WasmFrame[] {
    return this.frames;
  }

  /**
   * The frames as the user sees them: each physical wasm frame followed by the functions it was
   * inlined into (from the symbol engine), innermost first, each with its own source position.
   */
  async visibleFrames(): Promise<WasmFrame[]> {
    const symbols = await this.symbols();
    if (!symbols) return [...this.frames];
    const out: WasmFrame[] = [];
    for (const frame of this.frames) {
      const names = await this.inlineNames(symbols, frame.address);
      if (names.length <= 1) {
        out.push(names.length === 1 && frame.name.startsWith('$func') ? { ...frame, name: names[0] } : frame);
        continue;
      }
      for (let k = 0; k < names.length; k++) {
        let position = frame.position;
        if (k > 0) {
          const loc = await symbols.sourceLocation(frame.address, k).catch(() => undefined);
          position = loc ? this.program.positionForUrl(loc.url, loc.line, loc.column) : undefined;
        }
        // The outermost level is the physical function: keep its DWARF name (`main`, not the
        // linker's `__main_argc_argv` alias the engine reports).
        const name = k === names.length - 1 && !frame.name.startsWith('$func') ? frame.name : names[k];
        out.push({ ...frame, name, position, inlineIndex: k });
      }
    }
    return out;
  }

  /** The trap message of the current exception stop, if any. */
  exceptionText(): string | undefined {
    const p = this.paused;
    if (!p || (p.reason !== 'exception' && p.reason !== 'promiseRejection')) return undefined;
    return describeException(p.data);
  }

  /** Sends a CDP request to the paused (or running) Worker. */
  send<T>(method: string, params?: object): Promise<T> {
    if (!this.runner) return Promise.reject(new Error('The program is not running.'));
    return this.runner.send<T>(method, params);
  }

  /** Evaluates a JavaScript expression in a paused wasm frame (V8's wasm debug-evaluate scope). */
  async evaluateRaw<T>(callFrameId: string, expression: string): Promise<T> {
    const res = await this.send<{ result: { value?: T; description?: string; subtype?: string }; exceptionDetails?: { text: string } }>(
      'Debugger.evaluateOnCallFrame', { callFrameId, expression, returnByValue: true, silent: true });
    if (res.exceptionDetails || res.result.subtype === 'error') throw new Error(res.result.description ?? res.exceptionDetails?.text ?? 'evaluation failed');
    return res.result.value as T;
  }

  /** Reads linear memory while paused. */
  async readMemory(offset: number, length: number, callFrameId = this.frames[0]?.callFrameId): Promise<Uint8Array> {
    if (!callFrameId) throw new Error('Memory can only be read while the program is paused in WebAssembly code.');
    const size = await this.evaluateRaw<number>(callFrameId, 'memories[0].buffer.byteLength');
    const start = Math.max(0, Math.min(offset, size));
    const end = Math.max(start, Math.min(offset + length, size));
    if (end === start) return new Uint8Array();
    const base64 = await this.evaluateRaw<string>(callFrameId,
      `(() => { const b = new Uint8Array(memories[0].buffer, ${start}, ${end - start}); let s = ''; for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode.apply(null, b.subarray(i, i + 4096)); return btoa(s); })()`);
    return Uint8Array.from(Buffer.from(base64, 'base64'));
  }

  /** Writes linear memory while paused; returns the number of bytes written. */
  async writeMemory(offset: number, data: Uint8Array, callFrameId = this.frames[0]?.callFrameId): Promise<number> {
    if (!callFrameId) throw new Error('Memory can only be written while the program is paused in WebAssembly code.');
    const size = await this.evaluateRaw<number>(callFrameId, 'memories[0].buffer.byteLength');
    if (offset < 0 || offset + data.length > size) throw new Error(`Address range 0x${offset.toString(16)}+${data.length} is outside linear memory (${size} bytes).`);
    const b64 = Buffer.from(data).toString('base64');
    await this.evaluateRaw<number>(callFrameId, `(() => { const s = atob('${b64}'); const b = new Uint8Array(memories[0].buffer, ${offset}, s.length); for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i); return s.length; })()`);
    return data.length;
  }

  /** A raw wasm value (local, global or operand stack slot) of a paused frame. */
  async wasmValue(kind: 'locals' | 'globals' | 'stack', index: number, callFrameId: string): Promise<WasmValue> {
    const v = await this.evaluateRaw<{ type: string; value: string }>(callFrameId,
      `(v => ({ type: v.type, value: String(v.value) }))(${kind}[${index}])`);
    return toWasmValue(v.type, v.value);
  }

  /** All raw values of one wasm scope of a paused frame: [name, type, value as text]. */
  async wasmScope(kind: 'locals' | 'globals' | 'stack', callFrameId: string): Promise<[string, string, string][]> {
    const expr = kind === 'stack'
      ? '(() => { const out = []; for (let i = 0; ; i++) { const v = stack[i]; if (v === undefined) return out; out.push([String(i), v.type, String(v.value)]); } })()'
      : `Object.entries(${kind}).map(([k, v]) => [k, v.type, String(v.value)])`;
    return this.evaluateRaw<[string, string, string][]>(callFrameId, expr);
  }

  // ---- internals ----

  private async loadSymbols(): Promise<WasmSymbols | undefined> {
    try {
      return await loadDwarfSymbols({
        bytes: this.program.bytes,
        url: `file://${this.program.path}`,
        pathSubstitutions: Object.entries(this.options.worker.sourcePathSubstitutions ?? {}).map(([from, to]) => ({ from, to })),
        host: {
          readMemory: (offset, length, stopId) => this.readMemory(offset, length, stopId),
          local: (i, stopId) => this.wasmValue('locals', i, stopId),
          global: (i, stopId) => this.wasmValue('globals', i, stopId),
          operand: (i, stopId) => this.wasmValue('stack', i, stopId),
        },
      });
    } catch (e) {
      this.emit('output', 'console', `Variables and expressions are unavailable: the DWARF symbol engine (@vscode/dwarf-debugging) could not be loaded (${(e as Error).message}). Showing raw WebAssembly locals instead.\n`);
      return undefined;
    }
  }

  private async applyPauseOnExceptions(): Promise<void> {
    await this.runner?.send('Debugger.setPauseOnExceptions', { state: this.pauseOnTraps ? 'all' : 'none' });
  }

  private async setRawBreakpoint(address: number): Promise<string> {
    if (!this.runner) throw new Error('not running');
    const r = await this.runner.send<{ breakpointId: string }>('Debugger.setBreakpointByUrl', {
      urlRegex: '^wasm://', lineNumber: 0, columnNumber: this.program.codeOffset + address,
    });
    return r.breakpointId;
  }

  private async removeRawBreakpoint(id: string): Promise<void> {
    await this.runner?.send('Debugger.removeBreakpoint', { breakpointId: id });
  }

  private canSendNow(): boolean {
    return this.attached && this.runner !== undefined && !this.runner.isClosed;
  }

  private onCdp(method: string, params: unknown): void {
    if (method === 'Debugger.scriptParsed') {
      const p = params as ScriptParsedEvent;
      if (p.scriptLanguage === 'WebAssembly') this.wasmScripts.set(p.scriptId, p.codeOffset ?? this.program.codeOffset);
    } else if (method === 'Debugger.paused') {
      this.onPaused(params as PausedEvent).catch((e: unknown) => {
        this.emit('output', 'stderr', `Internal debugger error while pausing: ${(e as Error).message}\n`);
      });
    } else if (method === 'Debugger.resumed') {
      this.paused = undefined;
      this.frames = [];
      for (const resolve of this.resumedWaiters.splice(0)) resolve();
    }
  }

  private isWasm(frame: CallFrame): boolean {
    return this.wasmScripts.has(frame.location.scriptId);
  }

  private async onPaused(event: PausedEvent): Promise<void> {
    this.paused = event;
    const top = event.callFrames[0];
    if (!top || !this.isWasm(top)) {
      // Host JavaScript: the Worker's start, the host's own proc_exit unwinding, or a pause or
      // step that landed in a WASI call. Step back out to wasm for a pause or step, else keep running.
      if ((this.pauseRequested || this.step) && event.callFrames.some((f) => this.isWasm(f))) {
        await this.send('Debugger.stepOut');
      } else {
        this.step = undefined;
        await this.resume();
      }
      return;
    }
    this.frames = this.buildFrames(event.callFrames);
    if (event.reason === 'exception' || event.reason === 'promiseRejection') {
      this.step = undefined;
      this.stop({ reason: 'exception', text: describeException(event.data), breakpointIds: [] });
      return;
    }
    const hits = event.hitBreakpoints ?? [];
    if (this.entryBreakpoint !== undefined && hits.includes(this.entryBreakpoint)) {
      const id = this.entryBreakpoint;
      this.entryBreakpoint = undefined;
      await this.removeRawBreakpoint(id);
      this.step = undefined;
      this.stop({ reason: 'entry', breakpointIds: [] });
      return;
    }
    if (hits.some((id) => id !== this.entryBreakpoint && this.breakpoints.byRawIds([id]).length === 0)) await this.breakpoints.settled();
    const userHits = this.breakpoints.byRawIds(hits);
    if (userHits.length > 0) {
      const decision = await this.breakpoints.decide(userHits, this.frames[0], this);
      for (const message of decision.logs) this.emit('output', 'console', message + '\n');
      if (decision.stop) {
        this.step = undefined;
        this.stop({ reason: decision.functionBreakpoint ? 'function breakpoint' : 'breakpoint', breakpointIds: decision.ids });
        return;
      }
      if (!this.step && !this.pauseRequested) {
        await this.resume();
        return;
      }
    }
    if (this.step) {
      if (await this.continueStepping()) return;
      this.step = undefined;
      this.stop({ reason: 'step', breakpointIds: [] });
      return;
    }
    this.stop({ reason: 'pause', breakpointIds: [] });
  }

  /** Decides whether a step has arrived; issues the next step and returns true when not. */
  private async continueStepping(): Promise<boolean> {
    const step = this.step;
    const top = this.frames[0];
    if (!step || !top) return false;
    if (++step.count > MAX_STEPS_PER_REQUEST) return false;
    // Without line information every step is one instruction (the disassembly view steps).
    if (!this.program.hasLineInfo) return false;
    const depth = this.frames.length;
    const pos = top.position;
    const hasSource = pos !== undefined && pos.line > 0 && pos.source.available;
    if (!hasSource) {
      // No source here (line 0, a libc function, or code without DWARF): leave deeper frames,
      // and keep stepping in the same frame until a real line appears.
      if (depth > step.depth || (step.kind === 'out' && depth >= step.depth)) await this.send('Debugger.stepOut');
      else await this.issueStep(step.kind === 'out' ? 'over' : step.kind);
      return true;
    }
    const sameLine = pos.fileId === step.fileId && pos.line === step.line;
    if (step.kind === 'out') return false;
    if (depth > step.depth) {
      // Stepped into a function: run through its prologue to the first line of the body.
      const skip = this.prologueSkip(top);
      if (skip) {
        step.depth = depth;
        step.fileId = undefined;
        step.line = undefined;
        await this.send('Debugger.stepOver', { skipList: [skip] });
        return true;
      }
    }
    if (depth === step.depth && sameLine) {
      await this.issueStep();
      return true;
    }
    return false;
  }

  private async issueStep(kind: StepKind | undefined = this.step?.kind): Promise<void> {
    const top = this.frames[0];
    if (!top || !kind) return;
    if (kind === 'out') {
      await this.send('Debugger.stepOut');
      return;
    }
    let skipList = this.skipListFor(top);
    if (kind === 'over') {
      // Stepping over a line also steps over functions inlined into it.
      const symbols = this.symbolsPromise ? await this.symbolsPromise : undefined;
      let callees = this.calleeCache.get(top.address);
      if (!callees) {
        callees = symbols && top.position?.source.available ? await symbols.inlinedCalleeRanges(top.address, 0).catch(() => []) : [];
        this.calleeCache.set(top.address, callees);
      }
      if (callees.length > 0) {
        const pos = top.position;
        const body = this.program.bodyAt(top.address);
        const own = pos && pos.line > 0 && body ? this.program.lines.lineRanges(pos.fileId, pos.line, this.program.bodyRange(body)) : [];
        skipList = this.toSkipList(top, [...own, ...callees]);
      }
    }
    const method = kind === 'into' ? 'Debugger.stepInto' : 'Debugger.stepOver';
    await this.send(method, skipList.length > 0 ? { skipList } : {});
  }

  /** A skip-list range from the current address to the function's body start, if before it. */
  private prologueSkip(frame: WasmFrame): object | undefined {
    const fn = this.program.lines.functionAt(frame.address);
    const body = fn ? this.program.lines.firstStatementAddress(fn) : undefined;
    if (body === undefined || frame.address >= body) return undefined;
    const scriptId = this.paused?.callFrames[frame.index]?.location.scriptId;
    const codeOffset = this.program.codeOffset;
    return { scriptId, start: { lineNumber: 0, columnNumber: codeOffset + frame.address }, end: { lineNumber: 0, columnNumber: codeOffset + body } };
  }

  /** The current line's ranges inside the current function, in V8 locations. */
  private skipListFor(frame: WasmFrame): object[] {
    const pos = frame.position;
    const body = this.program.bodyAt(frame.address);
    if (!pos || pos.line === 0 || !body) return [];
    const scriptId = this.paused?.callFrames[frame.index]?.location.scriptId;
    const codeOffset = (scriptId !== undefined ? this.wasmScripts.get(scriptId) : undefined) ?? this.program.codeOffset;
    return this.program.lines.lineRanges(pos.fileId, pos.line, this.program.bodyRange(body)).map((r) => ({
      scriptId,
      start: { lineNumber: 0, columnNumber: codeOffset + r.start },
      end: { lineNumber: 0, columnNumber: codeOffset + r.end },
    }));
  }

  private buildFrames(callFrames: readonly CallFrame[]): WasmFrame[] {
    const out: WasmFrame[] = [];
    callFrames.forEach((f, index) => {
      const codeOffset = this.wasmScripts.get(f.location.scriptId);
      if (codeOffset === undefined) return;
      // For caller frames V8 reports the call instruction, which belongs to the calling line.
      const address = (f.location.columnNumber ?? 0) - codeOffset;
      out.push({ index, callFrameId: f.callFrameId, name: this.program.functionNameAt(address), address, position: this.program.positionAt(address) });
    });
    return out;
  }

  private stop(info: StopInfo): void {
    this.pauseRequested = false;
    this.stopReported = true;
    // The client asks for variables next: start loading symbols now if that has not happened.
    void this.symbols();
    this.emit('stopped', info);
  }

  private async resume(): Promise<void> {
    if (!this.paused) return;
    this.paused = undefined;
    this.frames = [];
    // V8 answers `resume` before it has left the pause; a `pause` sent in between is lost. Wait
    // for the `resumed` event so the program is really running when this returns.
    const resumed = new Promise<void>((resolve) => this.resumedWaiters.push(resolve));
    await this.send('Debugger.resume');
    await resumed;
    if (this.stopReported) {
      this.stopReported = false;
      this.emit('continued');
    }
  }

  /**
   * The source line that made a call: the innermost frame whose source file is on disk (the user's
   * code that called the libc wrapper), else the innermost frame the line table maps at all.
   */
  private locateRecord(record: AccessRecord): CapabilityEvent {
    const pos = this.program.callerPosition(record);
    return pos ? { record, source: { path: pos.source.path, line: pos.line } } : { record };
  }

  private onExit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exited', code);
    this.runner?.kill();
  }

  private onClosed(): void {
    for (const resolve of this.resumedWaiters.splice(0)) resolve();
    void this.symbolsPromise?.then((s) => s?.dispose()).catch(() => undefined);
    if (this.terminatedSent) return;
    this.terminatedSent = true;
    this.emit('terminated');
  }

  /** Whether CDP requests can be sent right now (attached and running). */
  get connected(): boolean {
    return this.canSendNow();
  }
}

function describeException(data: unknown): string {
  const d = data as { description?: string; className?: string; value?: unknown } | undefined;
  const text = d?.description ?? (d?.value !== undefined ? String(d.value) : d?.className) ?? 'exception';
  return text.split('\n')[0];
}

function toWasmValue(type: string, value: string): WasmValue {
  switch (type) {
    case 'i64': return { type: 'i64', value: BigInt(value) };
    case 'f32': return { type: 'f32', value: Number(value) };
    case 'f64': return { type: 'f64', value: Number(value) };
    case 'v128': return { type: 'v128', value };
    default: return { type: 'i32', value: Number(value) };
  }
}
