// The Debug Adapter Protocol session for `wasi`: turns DAP requests into WasmRuntime operations and
// runtime events into DAP events. This is the only file that knows DAP; line/column bases are
// converted here and nowhere else (the runtime uses 1-based lines like DWARF).

import { basename, dirname, join } from 'node:path';
import {
  LoggingDebugSession, InitializedEvent, StoppedEvent, ContinuedEvent, OutputEvent, TerminatedEvent, ExitedEvent,
  Event, Handles, Thread, StackFrame, Source, Scope, Logger, logger,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { Program } from './runner/program';
import { WasmRuntime, type StopInfo, type CapabilityEvent, type WasmFrame } from './runner/runtime';
import { policyFromLaunch, resolveLaunchPath } from './runner/launchPolicy';
import { scopesOf, variablesOf, symbolItem, reader, engineMessage, type Expandable, type VariableItem } from './runner/inspect';
import { evaluateInFrame } from './runner/evaluate';
import { disassembleAround } from './runner/disassembly';
import { TerminalStdin } from './runner/terminalStdin';

/**
 * The `wasi` launch configuration. It must match
 * `contributes.debuggers[type=wasi].configurationAttributes.launch` in package.json
 * (test/integration/dap/launchSchema.test.ts checks LAUNCH_ATTRIBUTES against it).
 */
export interface WasiLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  program: string;
  args?: string[];
  env?: Record<string, string>;
  inheritEnv?: boolean;
  preopens?: { host: string; guest: string; readonly?: boolean }[];
  stdin?: string;
  /** Where the module's stdin comes from when `stdin` names no file: nothing, or the user typing in a terminal. */
  console?: 'debugConsole' | 'integratedTerminal';
  stopOnEntry?: boolean;
  cwd?: string;
  allow?: { clock?: boolean; random?: boolean; sockets?: boolean; exit?: boolean };
  accessLog?: string;
  trace?: boolean;
  /**
   * DWARF path prefix → local prefix, longest first. Not in the schema: the client's configuration
   * provider fills it from the `wasiStudio.debug.sourcePathSubstitutions` setting.
   */
  sourcePathSubstitutions?: Record<string, string>;
}

/** Every attribute of WasiLaunchArguments (minus DAP's own `noDebug`/`__restart`); the Record type makes the compiler list each. */
const ATTRIBUTES: Record<Exclude<keyof WasiLaunchArguments, keyof DebugProtocol.LaunchRequestArguments | 'sourcePathSubstitutions'>, true> = {
  program: true, args: true, env: true, inheritEnv: true, preopens: true, stdin: true, console: true, stopOnEntry: true,
  cwd: true, allow: true, accessLog: true, trace: true,
};
export const LAUNCH_ATTRIBUTES: readonly string[] = Object.keys(ATTRIBUTES);

/** Custom event carrying one access-log record, for the client's capability log view. */
export const CAPABILITY_EVENT = 'wasiCapability';

const THREAD_ID = 1;

/** The async request handlers of WasiDebugSession (see the constructor). */
const ASYNC_HANDLERS = [
  'launchRequest', 'setBreakPointsRequest', 'setFunctionBreakPointsRequest', 'setExceptionBreakPointsRequest',
  'stackTraceRequest', 'scopesRequest', 'variablesRequest', 'evaluateRequest', 'setVariableRequest',
  'readMemoryRequest', 'writeMemoryRequest', 'continueRequest', 'pauseRequest', 'nextRequest', 'stepInRequest',
  'stepOutRequest', 'restartRequest',
] as const;
const TRAP_FILTER = 'traps';
/** How long the client may take to start the stdin relay's terminal. */
const RUN_IN_TERMINAL_TIMEOUT_MS = 30_000;

export class WasiDebugSession extends LoggingDebugSession {
  private runtime: WasmRuntime | undefined;
  private readonly handles = new Handles<Expandable>();
  private readonly frameIds = new Handles<{ index: number }>();
  private configured: (() => void) | undefined;
  private readonly configurationDone = new Promise<void>((resolve) => { this.configured = resolve; });
  private pauseOnTraps = true;
  private noSourceNoticeShown = false;
  /** The configuration of the last launch, for a restart request without arguments. */
  private launchArgs: WasiLaunchArguments | undefined;
  /** The frames of the last stack trace (inlined levels included); reset on every stop. */
  private visible: WasmFrame[] = [];
  /** The client said it can run a command in a terminal (DAP runInTerminal). */
  private supportsRunInTerminal = false;
  /** The terminal stdin relay's socket of the current run (console: integratedTerminal). */
  private terminal: TerminalStdin | undefined;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    // The base class calls handlers without awaiting them. Each async handler is wrapped so that a
    // failure becomes an error response (and a console line) instead of an unhandled rejection.
    for (const name of ASYNC_HANDLERS) {
      const self = this as unknown as Record<string, (response: DebugProtocol.Response, ...rest: unknown[]) => Promise<void>>;
      const original = self[name].bind(this);
      self[name] = (response, ...rest) => original(response, ...rest).catch((e: unknown) => this.failed(response, e));
    }
  }

  private failed(response: DebugProtocol.Response, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.sendEvent(new OutputEvent(`Internal debugger error in ${response.command}: ${message}\n`, 'stderr'));
    this.sendErrorResponse(response, { id: 9000, format: `${response.command} failed: ${message}` });
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.supportsRunInTerminal = args.supportsRunInTerminalRequest === true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsFunctionBreakpoints: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsSetVariable: true,
      supportsReadMemoryRequest: true,
      supportsWriteMemoryRequest: true,
      supportsDisassembleRequest: true,
      supportsSteppingGranularity: false,
      supportsInstructionBreakpoints: false,
      supportsLoadedSourcesRequest: true,
      supportsModulesRequest: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsExceptionInfoRequest: true,
      supportTerminateDebuggee: true,
      exceptionBreakpointFilters: [
        { filter: TRAP_FILTER, label: 'WebAssembly traps', description: 'Stop where the module traps (unreachable, out-of-bounds access, divide by zero, stack overflow, bad indirect call).', default: true },
      ],
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: WasiLaunchArguments): Promise<void> {
    const started = await this.createRuntime(args);
    if ('format' in started) {
      this.sendErrorResponse(response, { ...started, showUser: true });
      return;
    }
    const { runtime, debug } = started;
    this.sendResponse(response);
    if (debug) {
      this.sendEvent(new InitializedEvent());
      await this.configurationDone;
      await runtime.setPauseOnTraps(this.pauseOnTraps);
    }
    await runtime.start();
  }

  /**
   * Restart: ends the running program and launches again with the request's configuration (VS Code
   * sends the current launch.json one) or the last one, setting the same breakpoints before it runs.
   */
  protected override async restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): Promise<void> {
    // Some clients send no arguments at all (the request's `arguments` object is optional in DAP).
    const next = (args as DebugProtocol.RestartArguments | undefined)?.arguments as WasiLaunchArguments | undefined ?? this.launchArgs;
    if (!next) {
      this.sendErrorResponse(response, { id: 1004, format: 'Nothing to restart: the program was never launched.', showUser: true });
      return;
    }
    const previous = this.runtime;
    if (previous) {
      // The old run's exit and termination must not reach the client: the session goes on.
      previous.removeAllListeners();
      const wasPaused = previous.isPaused;
      await previous.shutdown();
      // Its listeners are gone, so the old run's stdin relay is closed here (the new run opens its own).
      this.terminal?.close();
      this.terminal = undefined;
      // The client must not keep showing the old run's stop while the new one starts.
      if (wasPaused) this.sendEvent(new ContinuedEvent(THREAD_ID, true));
    }
    this.handles.reset();
    this.frameIds.reset();
    this.visible = [];
    const started = await this.createRuntime(next);
    if ('format' in started) {
      this.sendErrorResponse(response, { ...started, showUser: true });
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const { runtime, debug } = started;
    if (debug) {
      if (previous) await runtime.breakpoints.restoreFrom(previous.breakpoints);
      await runtime.setPauseOnTraps(this.pauseOnTraps);
    }
    this.sendResponse(response);
    await runtime.start();
  }

  /** Loads the program and starts its runner, paused before the first instruction when debugging. */
  private async createRuntime(args: WasiLaunchArguments): Promise<{ runtime: WasmRuntime; debug: boolean } | { id: number; format: string }> {
    logger.setup(args.trace ? Logger.LogLevel.Verbose : Logger.LogLevel.Stop, false);
    if (typeof args.program !== 'string' || args.program.length === 0) {
      return { id: 1001, format: 'The launch configuration needs "program": the path of a .wasm file.' };
    }
    this.launchArgs = args;
    const cwd = args.cwd ?? dirname(resolveLaunchPath(args.program, process.cwd()));
    const programPath = resolveLaunchPath(args.program, cwd);
    const substitutions = stringRecord(args.sourcePathSubstitutions);
    const program = Program.load({ program: programPath, baseDir: cwd, pathOverrides: substitutions });
    if ('error' in program) return { id: 1002, format: program.error };
    const debug = args.noDebug !== true;
    const streamStdin = this.wantsTerminalStdin(args);
    const runtime = new WasmRuntime({
      program,
      worker: {
        program: programPath, policy: policyFromLaunch({ ...args, program: programPath }, process.env, cwd),
        accessLogFile: args.accessLog ? resolveLaunchPath(args.accessLog, cwd) : undefined, sourceBaseDir: cwd, sourcePathSubstitutions: substitutions,
        streamStdin,
      },
      debug,
      stopOnEntry: args.stopOnEntry === true,
      distDir: __dirname,
    });
    this.runtime = runtime;
    this.wire(runtime);
    if (debug && !program.info.hasDwarf) {
      this.sendEvent(new OutputEvent(`${basename(programPath)} has no DWARF debug information: debugging at the WebAssembly level (disassembly and raw locals). Build with -g for source-level debugging.\n`, 'console'));
    }
    try {
      await runtime.launch();
    } catch (e) {
      return { id: 1003, format: `Cannot start the program: ${(e as Error).message}` };
    }
    if (streamStdin) await this.startTerminalStdin(runtime, programPath, cwd);
    return { runtime, debug };
  }

  /** Whether this run's stdin comes from a terminal relay; explains why not when it was asked for but cannot. */
  private wantsTerminalStdin(args: WasiLaunchArguments): boolean {
    if (args.console !== 'integratedTerminal') return false;
    if (args.stdin) {
      this.sendEvent(new OutputEvent('"stdin" names a file, so the module reads that file; "console": "integratedTerminal" is not used for input.\n', 'console'));
      return false;
    }
    if (!this.supportsRunInTerminal) {
      this.sendEvent(new OutputEvent('"console": "integratedTerminal" needs a client that can start a terminal (DAP runInTerminal); this one cannot, so the module\'s standard input is empty (EOF). Use "stdin": "<file>" to give it input.\n', 'console'));
      return false;
    }
    return true;
  }

  /**
   * Opens the relay's socket and asks the client to start dist/stdin-relay.js in a terminal. If the
   * client cannot, the module's stdin ends at once (EOF) rather than waiting forever.
   */
  private async startTerminalStdin(runtime: WasmRuntime, programPath: string, cwd: string): Promise<void> {
    this.terminal?.close();
    let terminal: TerminalStdin;
    try {
      terminal = await TerminalStdin.open({ onData: (data) => runtime.writeStdin(data), onEnd: () => runtime.endStdin() });
    } catch (e) {
      this.sendEvent(new OutputEvent(`Cannot open the terminal's stdin channel (${(e as Error).message}); the module's standard input is empty (EOF).\n`, 'console'));
      runtime.endStdin();
      return;
    }
    this.terminal = terminal;
    runtime.once('terminated', () => terminal.close());
    const request: DebugProtocol.RunInTerminalRequestArguments = {
      kind: 'integrated',
      title: `WASI: ${basename(programPath)}`,
      cwd,
      // The adapter's own executable runs the relay; under Electron (VS Code) it must act as Node.
      args: [process.execPath, join(__dirname, 'stdin-relay.js'), terminal.address],
      env: { ELECTRON_RUN_AS_NODE: '1' },
    };
    this.runInTerminalRequest(request, RUN_IN_TERMINAL_TIMEOUT_MS, (response) => {
      if (response.success) return;
      this.sendEvent(new OutputEvent(`The client could not start the stdin terminal (${response.message ?? 'no reason given'}); the module's standard input is empty (EOF).\n`, 'console'));
      terminal.end();
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured?.();
    this.sendResponse(response);
  }

  private wire(runtime: WasmRuntime): void {
    runtime.on('stopped', (info) => this.onStopped(info));
    runtime.on('continued', () => this.sendEvent(new ContinuedEvent(THREAD_ID, true)));
    runtime.on('output', (category, text) => this.sendEvent(new OutputEvent(text, category)));
    runtime.on('capability', (e) => this.sendEvent(new Event(CAPABILITY_EVENT, capabilityBody(e))));
    runtime.on('exited', (code) => {
      this.sendEvent(new OutputEvent(`The program exited with code ${code}.\n`, 'console'));
      this.sendEvent(new ExitedEvent(code));
    });
    runtime.on('terminated', () => this.sendEvent(new TerminatedEvent()));
  }

  private onStopped(info: StopInfo): void {
    this.handles.reset();
    this.frameIds.reset();
    this.visible = [];
    const top = this.runtime?.currentFrames()[0];
    if (top && (!top.position || !top.position.source.available) && !this.noSourceNoticeShown && this.runtime?.program.hasLineInfo) {
      this.noSourceNoticeShown = true;
      const where = top.position ? `${top.position.source.path} is not available on this machine` : 'this code has no line information';
      this.sendEvent(new OutputEvent(`Stopped in ${top.name}: ${where}; showing disassembly.\n`, 'console'));
    }
    const event = new StoppedEvent(info.reason, THREAD_ID, info.text) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    if (info.breakpointIds.length > 0) event.body.hitBreakpointIds = [...info.breakpointIds];
    this.sendEvent(event);
  }

  protected override async setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): Promise<void> {
    const runtime = this.runtime;
    const path = args.source.path;
    const requested = args.breakpoints ?? [];
    if (!runtime || !path) {
      response.body = { breakpoints: requested.map(() => ({ verified: false, message: 'The program is not running under the debugger.' })) };
      this.sendResponse(response);
      return;
    }
    const states = await runtime.breakpoints.setForSource(path, requested.map((b) => ({
      line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition, logMessage: b.logMessage,
    })));
    response.body = {
      breakpoints: states.map((s) => ({
        id: s.id, verified: s.verified, message: s.message,
        line: s.line !== undefined ? this.convertDebuggerLineToClient(s.line) : undefined, source: args.source,
      })),
    };
    this.sendResponse(response);
  }

  protected override async setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): Promise<void> {
    const runtime = this.runtime;
    if (!runtime) {
      response.body = { breakpoints: args.breakpoints.map(() => ({ verified: false })) };
      this.sendResponse(response);
      return;
    }
    const states = await runtime.breakpoints.setFunctions(args.breakpoints.map((b) => ({ name: b.name, line: 0, condition: b.condition, hitCondition: b.hitCondition })));
    response.body = { breakpoints: states.map((s) => ({ id: s.id, verified: s.verified, message: s.message, line: s.line !== undefined ? this.convertDebuggerLineToClient(s.line) : undefined })) };
    this.sendResponse(response);
  }

  protected override async setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): Promise<void> {
    this.pauseOnTraps = args.filters.includes(TRAP_FILTER);
    await this.runtime?.setPauseOnTraps(this.pauseOnTraps).catch(() => undefined);
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const text = this.runtime?.exceptionText() ?? 'trap';
    response.body = { exceptionId: text.split(':')[0] || 'RuntimeError', description: text, breakMode: 'always' };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD_ID, this.runtime ? basename(this.runtime.program.path) : 'main')] };
    this.sendResponse(response);
  }

  protected override async stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): Promise<void> {
    const frames = this.runtime ? await this.runtime.visibleFrames() : [];
    this.visible = frames;
    const start = args.startFrame ?? 0;
    const slice = frames.slice(start, args.levels ? start + args.levels : undefined);
    const out: DebugProtocol.StackFrame[] = slice.map((f, i) => {
      const id = this.frameIds.create({ index: start + i });
      const pos = f.position;
      const frame: DebugProtocol.StackFrame = new StackFrame(id, f.name);
      frame.instructionPointerReference = address(f.address);
      if (pos && pos.line > 0 && pos.source.available) {
        frame.source = new Source(basename(pos.source.path), pos.source.path);
        frame.line = this.convertDebuggerLineToClient(pos.line);
        frame.column = this.convertDebuggerColumnToClient(Math.max(pos.column, 1));
      } else {
        frame.line = 0;
        frame.column = 0;
        frame.presentationHint = 'subtle';
        if (pos && pos.line > 0) frame.source = { name: basename(pos.source.path), path: pos.source.path, presentationHint: 'deemphasize', origin: 'source not available' };
      }
      return frame;
    });
    response.body = { stackFrames: out, totalFrames: frames.length };
    this.sendResponse(response);
  }

  private frameFor(frameId: number | undefined): WasmFrame | undefined {
    const frames = this.visible.length > 0 ? this.visible : this.runtime?.currentFrames() ?? [];
    if (frameId === undefined) return frames[0];
    const ref = this.frameIds.get(frameId);
    return ref ? frames[ref.index] : undefined;
  }

  protected override async scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): Promise<void> {
    const frame = this.frameFor(args.frameId);
    if (!this.runtime || !frame) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const scopes = await scopesOf(this.runtime, frame);
    response.body = { scopes: scopes.map((s) => new Scope(s.name, this.handles.create(s.expandable), s.expensive)) };
    this.sendResponse(response);
  }

  protected override async variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): Promise<void> {
    const e = this.handles.get(args.variablesReference);
    if (!this.runtime || !e) {
      response.body = { variables: [] };
      this.sendResponse(response);
      return;
    }
    try {
      const items = await variablesOf(this.runtime, e);
      response.body = { variables: items.map((v) => this.toVariable(v)) };
      this.sendResponse(response);
    } catch (err) {
      this.sendErrorResponse(response, { id: 2001, format: `Cannot read variables: ${(err as Error).message}` });
    }
  }

  private toVariable(v: VariableItem): DebugProtocol.Variable {
    const memory = v.pointee ?? v.address;
    return {
      name: v.name,
      value: v.value,
      type: v.type,
      evaluateName: v.evaluateName,
      variablesReference: v.expandable ? this.handles.create(v.expandable) : 0,
      memoryReference: memory !== undefined ? address(memory) : undefined,
    };
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    const frame = this.frameFor(args.frameId);
    if (!this.runtime || !frame) {
      this.sendErrorResponse(response, { id: 2002, format: 'Expressions can be evaluated only while the program is paused.' });
      return;
    }
    try {
      const r = await evaluateInFrame(this.runtime, frame, args.expression);
      const symbols = await this.runtime.symbols();
      const item: VariableItem = r.symbol && symbols
        ? await symbolItem(symbols, reader(this.runtime, frame), args.expression, args.expression, r.symbol, frame)
        : { name: args.expression, value: r.text, type: r.type };
      const v = this.toVariable(item);
      response.body = { result: v.value, type: v.type, variablesReference: v.variablesReference, memoryReference: v.memoryReference };
      this.sendResponse(response);
    } catch (err) {
      this.sendErrorResponse(response, { id: 2003, format: engineMessage(err) });
    }
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    const e = this.handles.get(args.variablesReference);
    const runtime = this.runtime;
    if (!runtime || !e || (e.kind !== 'sourceScope' && e.kind !== 'symbolObject')) {
      this.sendErrorResponse(response, { id: 2004, format: 'Only source variables can be changed.' });
      return;
    }
    try {
      const items = await variablesOf(runtime, e);
      const item = items.find((v) => v.name === args.name);
      if (!item?.evaluateName) throw new Error(`No variable named ${args.name}.`);
      const value = await setScalar(runtime, e.frame, item.evaluateName, args.value);
      response.body = { value };
      this.sendResponse(response);
    } catch (err) {
      this.sendErrorResponse(response, { id: 2005, format: (err as Error).message });
    }
  }

  protected override async readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): Promise<void> {
    const base = parseAddress(args.memoryReference);
    if (!this.runtime || base === undefined) {
      this.sendErrorResponse(response, { id: 2006, format: `Invalid memory reference ${args.memoryReference}.` });
      return;
    }
    try {
      const start = base + (args.offset ?? 0);
      const bytes = await this.runtime.readMemory(start, args.count);
      response.body = { address: address(start), data: Buffer.from(bytes).toString('base64'), unreadableBytes: args.count - bytes.length };
      this.sendResponse(response);
    } catch (err) {
      this.sendErrorResponse(response, { id: 2007, format: (err as Error).message });
    }
  }

  protected override async writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): Promise<void> {
    const base = parseAddress(args.memoryReference);
    if (!this.runtime || base === undefined) {
      this.sendErrorResponse(response, { id: 2008, format: `Invalid memory reference ${args.memoryReference}.` });
      return;
    }
    try {
      const written = await this.runtime.writeMemory(base + (args.offset ?? 0), Buffer.from(args.data, 'base64'));
      response.body = { bytesWritten: written };
      this.sendResponse(response);
      this.sendEvent(new Event('memory', { memoryReference: args.memoryReference, offset: args.offset ?? 0, count: written }));
    } catch (err) {
      this.sendErrorResponse(response, { id: 2009, format: (err as Error).message });
    }
  }

  protected override disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const base = parseAddress(args.memoryReference);
    if (!this.runtime || base === undefined) {
      this.sendErrorResponse(response, { id: 2010, format: `Invalid instruction reference ${args.memoryReference}.` });
      return;
    }
    const program = this.runtime.program;
    const lines = disassembleAround(program, base + (args.offset ?? 0), args.instructionOffset ?? 0, args.instructionCount);
    response.body = {
      instructions: lines.map((l) => {
        const pos = program.positionAt(l.codeOffset);
        const instr: DebugProtocol.DisassembledInstruction = { address: address(l.codeOffset), instruction: l.text, instructionBytes: l.bytes, symbol: l.symbol };
        if (pos && pos.line > 0 && pos.source.available) {
          instr.location = new Source(basename(pos.source.path), pos.source.path);
          instr.line = this.convertDebuggerLineToClient(pos.line);
        }
        return instr;
      }),
    };
    this.sendResponse(response);
  }

  protected override loadedSourcesRequest(response: DebugProtocol.LoadedSourcesResponse): void {
    const sources = this.runtime?.program.sources().filter((s) => s.available) ?? [];
    response.body = { sources: sources.map((s) => new Source(basename(s.path), s.path)) };
    this.sendResponse(response);
  }

  /** `modules` has no handler in the base class; it arrives as a custom request. */
  protected override customRequest(command: string, response: DebugProtocol.Response): void {
    if (command === 'modules') {
      this.modulesRequest(response as DebugProtocol.ModulesResponse);
      return;
    }
    this.sendErrorResponse(response, { id: 1010, format: `Unknown request '${command}'.` });
  }

  private modulesRequest(response: DebugProtocol.ModulesResponse): void {
    const program = this.runtime?.program;
    response.body = program
      ? { modules: [{ id: 1, name: basename(program.path), path: program.path, symbolStatus: program.info.hasDwarf ? 'DWARF symbols loaded' : 'No DWARF symbols', isOptimized: false }], totalModules: 1 }
      : { modules: [], totalModules: 0 };
    this.sendResponse(response);
  }

  protected override async continueRequest(response: DebugProtocol.ContinueResponse): Promise<void> {
    // Resume first, then answer: a pause request that follows the response must find the program running.
    await this.runtime?.continue().catch((e: unknown) => this.reportError(e));
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
  }

  protected override async pauseRequest(response: DebugProtocol.PauseResponse): Promise<void> {
    this.sendResponse(response);
    await this.runtime?.pause().catch((e: unknown) => this.reportError(e));
  }

  protected override async nextRequest(response: DebugProtocol.NextResponse): Promise<void> {
    this.sendResponse(response);
    await this.runtime?.stepRequest('over').catch((e: unknown) => this.reportError(e));
  }

  protected override async stepInRequest(response: DebugProtocol.StepInResponse): Promise<void> {
    this.sendResponse(response);
    await this.runtime?.stepRequest('into').catch((e: unknown) => this.reportError(e));
  }

  protected override async stepOutRequest(response: DebugProtocol.StepOutResponse): Promise<void> {
    this.sendResponse(response);
    await this.runtime?.stepRequest('out').catch((e: unknown) => this.reportError(e));
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.runtime?.terminate();
    this.sendResponse(response);
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.runtime?.terminate();
    this.terminal?.close();
    this.configured?.();
    this.sendResponse(response);
  }

  private reportError(e: unknown): void {
    this.sendEvent(new OutputEvent(`${(e as Error).message}\n`, 'stderr'));
  }
}

/** A string → string record from an untyped launch attribute; anything else is ignored. */
function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function capabilityBody(e: CapabilityEvent): { record: CapabilityEvent['record']; source?: { path: string; line: number } } {
  return e.source ? { record: e.record, source: e.source } : { record: e.record };
}

/** Memory and instruction references are hex addresses (linear memory or code offsets). */
function address(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function parseAddress(ref: string): number | undefined {
  const n = ref.startsWith('0x') ? parseInt(ref.slice(2), 16) : Number(ref);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Writes a scalar through its memory location; the symbol engine gives address and size. */
async function setScalar(runtime: WasmRuntime, frame: Parameters<typeof evaluateInFrame>[1], expression: string, text: string): Promise<string> {
  const current = await evaluateInFrame(runtime, frame, expression);
  const sym = current.symbol;
  if (!sym || sym.address === undefined || sym.size === undefined || typeof sym.value !== 'number' && typeof sym.value !== 'boolean') {
    throw new Error(`${expression} is not a scalar in linear memory; only such variables can be changed.`);
  }
  const parsed = await evaluateInFrame(runtime, frame, text).then((r) => r.symbol?.value).catch(() => Number(text));
  const value = typeof parsed === 'boolean' ? Number(parsed) : Number(parsed);
  if (!Number.isFinite(value)) throw new Error(`'${text}' is not a number.`);
  const bytes = Buffer.alloc(sym.size);
  const isFloat = /float|double/.test(sym.description);
  if (isFloat && sym.size === 4) bytes.writeFloatLE(value);
  else if (isFloat && sym.size === 8) bytes.writeDoubleLE(value);
  else {
    let v = BigInt.asUintN(sym.size * 8, BigInt(Math.trunc(value)));
    for (let i = 0; i < sym.size; i++) { bytes[i] = Number(v & 0xffn); v >>= 8n; }
  }
  await runtime.writeMemory(sym.address, bytes, frame.callFrameId);
  return (await evaluateInFrame(runtime, frame, expression)).text;
}
