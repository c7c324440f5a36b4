// Variables, types and expressions for DWARF modules, through @vscode/dwarf-debugging (the symbol
// engine js-debug uses). It is loaded lazily by dynamic import, only for modules that have DWARF;
// the rest of the debugger sees only `WasmSymbols`. Without it, the debugger falls back to raw wasm
// locals and globals.
//
// Coordinates: `codeOffset` is relative to the Code section payload (a DWARF address);
// `inlineIndex` 0 is the innermost (possibly inlined) frame at that offset; source lines are 1-based.

import type { IWasmWorker } from '@vscode/dwarf-debugging';

export type WasmValue =
  | { readonly type: 'i32' | 'f32' | 'f64'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'v128'; readonly value: string };

/** How the symbol engine reads the paused module's state; `stopId` identifies the paused frame. */
export interface SymbolHost {
  readMemory(offset: number, length: number, stopId: string): Promise<Uint8Array>;
  local(index: number, stopId: string): Promise<WasmValue>;
  global(index: number, stopId: string): Promise<WasmValue>;
  operand(index: number, stopId: string): Promise<WasmValue>;
}

export type VariableScope = 'LOCAL' | 'PARAMETER' | 'GLOBAL';

export interface SourceVariable {
  readonly scope: VariableScope;
  readonly name: string;
  readonly type: string;
}

export interface SymbolValue {
  readonly type: string;
  /** Display text, e.g. `42`, `Point`, `const char *`. */
  readonly description: string;
  readonly value?: string | number | boolean | null;
  /** Handle for `properties` when `hasChildren`. */
  readonly objectId?: string;
  readonly hasChildren: boolean;
  /** Where the value lives in linear memory, when it does. */
  readonly address?: number;
  readonly size?: number;
}

export interface SymbolProperty {
  readonly name: string;
  readonly value: SymbolValue;
}

export interface WasmSymbols {
  /** Function names at `codeOffset`, innermost (inlined) first; empty when unknown. */
  functionFrames(codeOffset: number): Promise<string[]>;
  listVariables(codeOffset: number, inlineIndex: number): Promise<SourceVariable[]>;
  /** Evaluates a source-language expression; rejects with the engine's message on error. */
  evaluate(expression: string, codeOffset: number, inlineIndex: number, stopId: string): Promise<SymbolValue | undefined>;
  properties(objectId: string): Promise<SymbolProperty[]>;
  /** Source position of inline level `inlineIndex` at `codeOffset` (the call site for outer levels). */
  sourceLocation(codeOffset: number, inlineIndex: number): Promise<{ url: string; line: number; column: number } | undefined>;
  /** Ranges of the inlined function containing `codeOffset` (for stepping out of inlined frames). */
  inlinedRanges(codeOffset: number, inlineIndex: number): Promise<{ start: number; end: number }[]>;
  /** Ranges of functions inlined into the function (or inline level) at `codeOffset` (for stepping over them). */
  inlinedCalleeRanges(codeOffset: number, inlineIndex: number): Promise<{ start: number; end: number }[]>;
  dispose(): Promise<void>;
}

export interface LoadSymbolsOptions {
  readonly bytes: Uint8Array;
  readonly url: string;
  readonly host: SymbolHost;
  /** DWARF prefix → local prefix substitutions, as given to the launch configuration. */
  readonly pathSubstitutions: readonly { from: string; to: string }[];
}

/** Loads the symbol engine for a module. Rejects when the package cannot be loaded. */
export async function loadDwarfSymbols(options: LoadSymbolsOptions): Promise<WasmSymbols> {
  const mod = await import('@vscode/dwarf-debugging');
  const { host } = options;
  const worker = mod.spawn({
    getWasmLinearMemory: async (offset, length, stopId) => toArrayBuffer(await host.readMemory(offset, length, String(stopId))),
    getWasmLocal: (index, stopId) => host.local(index, String(stopId)),
    getWasmGlobal: (index, stopId) => host.global(index, String(stopId)),
    getWasmOp: (index, stopId) => host.operand(index, String(stopId)),
  });
  const symbols = new DwarfDebuggingSymbols(worker);
  try {
    await worker.rpc.sendMessage('hello', [{ pathSubstitutions: options.pathSubstitutions }], false);
    await worker.rpc.sendMessage('addRawModule', RAW_MODULE_ID, undefined, { url: options.url, code: toArrayBuffer(options.bytes) });
  } catch (e) {
    await symbols.dispose();
    throw e;
  }
  return symbols;
}

const RAW_MODULE_ID = 'wasi-studio-module';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return copy;
}

interface EngineRemoteObject {
  type: string;
  className?: string;
  value?: unknown;
  description?: string;
  objectId?: string;
  linearMemoryAddress?: number;
  linearMemorySize?: number;
  hasChildren: boolean;
}

function toValue(o: EngineRemoteObject): SymbolValue {
  const v = o.value;
  const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : undefined;
  return {
    type: o.type,
    description: o.description ?? String(value ?? ''),
    value,
    objectId: o.objectId,
    hasChildren: o.hasChildren,
    address: o.linearMemoryAddress,
    size: o.linearMemorySize,
  };
}

class DwarfDebuggingSymbols implements WasmSymbols {
  constructor(private readonly worker: IWasmWorker) {}

  private location(codeOffset: number, inlineIndex: number): { rawModuleId: string; codeOffset: number; inlineFrameIndex: number } {
    return { rawModuleId: RAW_MODULE_ID, codeOffset, inlineFrameIndex: inlineIndex };
  }

  async functionFrames(codeOffset: number): Promise<string[]> {
    const info = await this.worker.rpc.sendMessage('getFunctionInfo', this.location(codeOffset, 0));
    return 'frames' in info ? info.frames.map((f) => f.name) : [];
  }

  async listVariables(codeOffset: number, inlineIndex: number): Promise<SourceVariable[]> {
    const vars = await this.worker.rpc.sendMessage('listVariablesInScope', this.location(codeOffset, inlineIndex));
    return vars
      .filter((v) => v.scope === 'LOCAL' || v.scope === 'PARAMETER' || v.scope === 'GLOBAL')
      .map((v) => ({ scope: v.scope as VariableScope, name: v.name, type: v.type }));
  }

  async evaluate(expression: string, codeOffset: number, inlineIndex: number, stopId: string): Promise<SymbolValue | undefined> {
    const o = await this.worker.rpc.sendMessage('evaluate', expression, this.location(codeOffset, inlineIndex), stopId);
    return o ? toValue(o as EngineRemoteObject) : undefined;
  }

  async properties(objectId: string): Promise<SymbolProperty[]> {
    const props = await this.worker.rpc.sendMessage('getProperties', objectId);
    return props.map((p) => ({ name: p.name, value: toValue(p.value as EngineRemoteObject) }));
  }

  async sourceLocation(codeOffset: number, inlineIndex: number): Promise<{ url: string; line: number; column: number } | undefined> {
    const locations = await this.worker.rpc.sendMessage('rawLocationToSourceLocation', this.location(codeOffset, inlineIndex));
    const first = locations[0];
    // The engine's lines and columns are 0-based.
    return first ? { url: first.sourceFileURL, line: first.lineNumber + 1, column: first.columnNumber + 1 } : undefined;
  }

  async inlinedRanges(codeOffset: number, inlineIndex: number): Promise<{ start: number; end: number }[]> {
    const ranges = await this.worker.rpc.sendMessage('getInlinedFunctionRanges', this.location(codeOffset, inlineIndex));
    return ranges.map((r) => ({ start: r.startOffset, end: r.endOffset }));
  }

  async inlinedCalleeRanges(codeOffset: number, inlineIndex: number): Promise<{ start: number; end: number }[]> {
    const ranges = await this.worker.rpc.sendMessage('getInlinedCalleesRanges', this.location(codeOffset, inlineIndex));
    return ranges.map((r) => ({ start: r.startOffset, end: r.endOffset }));
  }

  async dispose(): Promise<void> {
    await this.worker.dispose();
  }
}
