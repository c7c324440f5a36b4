// Scopes and variables of a paused wasm frame as plain data: source variables through the DWARF
// symbol engine, and the raw wasm locals, globals and operand stack through V8. Expandable values
// carry an opaque `Expandable` the session keeps behind a variablesReference.

import type { SymbolValue, WasmSymbols } from '../dwarf/symbols';
import type { WasmFrame, WasmRuntime } from './runtime';
import { displayValue } from './evaluate';

export type Expandable =
  | { readonly kind: 'sourceScope'; readonly frame: WasmFrame; readonly scope: 'LOCAL' | 'PARAMETER' | 'GLOBAL' }
  | { readonly kind: 'wasmScope'; readonly frame: WasmFrame }
  | { readonly kind: 'wasmList'; readonly frame: WasmFrame; readonly list: 'locals' | 'globals' | 'stack' }
  | { readonly kind: 'symbolObject'; readonly frame: WasmFrame; readonly objectId: string; readonly path: string }
  /** Elements of a Rust Vec: `${base}[i]` for i < count, then the raw struct. */
  | { readonly kind: 'rustVec'; readonly frame: WasmFrame; readonly base: string; readonly count: number; readonly raw?: Expandable };

export interface ScopeItem {
  readonly name: string;
  readonly expandable: Expandable;
  readonly expensive: boolean;
}

export interface VariableItem {
  readonly name: string;
  readonly value: string;
  readonly type?: string;
  readonly expandable?: Expandable;
  /** Linear-memory address of the value (for memory references). */
  readonly address?: number;
  /** Address a pointer points to (its value), for "view memory" on pointers. */
  readonly pointee?: number;
  /** Expression that evaluates to this value (for setVariable and "add to watch"). */
  readonly evaluateName?: string;
}

export async function scopesOf(runtime: WasmRuntime, frame: WasmFrame): Promise<ScopeItem[]> {
  const scopes: ScopeItem[] = [];
  const symbols = await runtime.symbols();
  if (symbols && frame.position && frame.position.line > 0) {
    scopes.push({ name: 'Locals', expandable: { kind: 'sourceScope', frame, scope: 'LOCAL' }, expensive: false });
    scopes.push({ name: 'Parameters', expandable: { kind: 'sourceScope', frame, scope: 'PARAMETER' }, expensive: false });
    scopes.push({ name: 'Globals', expandable: { kind: 'sourceScope', frame, scope: 'GLOBAL' }, expensive: true });
  }
  scopes.push({ name: 'Wasm', expandable: { kind: 'wasmScope', frame }, expensive: scopes.length > 0 });
  return scopes;
}

export async function variablesOf(runtime: WasmRuntime, e: Expandable): Promise<VariableItem[]> {
  switch (e.kind) {
    case 'sourceScope': {
      const symbols = await runtime.symbols();
      if (!symbols) return [];
      const vars = (await symbols.listVariables(e.frame.address, e.frame.inlineIndex ?? 0)).filter((v) => v.scope === e.scope);
      const out: VariableItem[] = [];
      for (const v of vars) {
        try {
          const value = await symbols.evaluate(v.name, e.frame.address, e.frame.inlineIndex ?? 0, e.frame.callFrameId);
          out.push(value ? await symbolItem(symbols, reader(runtime, e.frame), v.name, v.name, value, e.frame, v.type) : { name: v.name, value: '<unavailable>', type: v.type });
        } catch (err) {
          out.push({ name: v.name, value: `<${engineMessage(err)}>`, type: v.type });
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    }
    case 'symbolObject': {
      const symbols = await runtime.symbols();
      if (!symbols) return [];
      const props = await symbols.properties(e.objectId);
      const out: VariableItem[] = [];
      for (const p of props) out.push(await symbolItem(symbols, reader(runtime, e.frame), p.name, childPath(e.path, p.name), p.value, e.frame));
      return out;
    }
    case 'rustVec': {
      const symbols = await runtime.symbols();
      if (!symbols) return [];
      const out: VariableItem[] = [];
      for (let i = 0; i < Math.min(e.count, MAX_VEC_ELEMENTS); i++) {
        const path = `${e.base}[${i}]`;
        const v = await symbols.evaluate(path, e.frame.address, e.frame.inlineIndex ?? 0, e.frame.callFrameId);
        if (v) out.push(await symbolItem(symbols, reader(runtime, e.frame), String(i), path, v, e.frame));
      }
      if (e.raw) out.push({ name: '[raw]', value: '', expandable: e.raw });
      return out;
    }
    case 'wasmScope':
      return (['locals', 'globals', 'stack'] as const).map((list) => ({
        name: list, value: '', expandable: { kind: 'wasmList', frame: e.frame, list },
      }));
    case 'wasmList': {
      const entries = await runtime.wasmScope(e.list, e.frame.callFrameId);
      return entries.map(([name, type, value]) => ({ name, value: type === 'i32' || type === 'i64' ? value : `${value}`, type, evaluateName: `${e.list}[${JSON.stringify(name)}]` }));
    }
  }
}

/**
 * A symbol-engine value as a variable. Pointers show their target address (the engine names a
 * pointer's only child after it), and their memory reference is the target, so "view memory" on a
 * pointer shows what it points to.
 */
export async function symbolItem(symbols: WasmSymbols, read: MemoryReader, name: string, path: string, v: SymbolValue, frame: WasmFrame, type?: string): Promise<VariableItem> {
  let value = displayValue(v);
  let pointee: number | undefined;
  if (/\*\s*$/.test(v.description) && v.hasChildren && v.objectId) {
    const children = await symbols.properties(v.objectId).catch(() => []);
    const target = children.length === 1 && /^0x[0-9a-f]+$/i.test(children[0].name) ? parseInt(children[0].name, 16) : undefined;
    if (target !== undefined) {
      pointee = target;
      value = `${v.description} 0x${target.toString(16)}`;
    }
  }
  let expandable: Expandable | undefined = v.hasChildren && v.objectId ? { kind: 'symbolObject', frame, objectId: v.objectId, path } : undefined;
  const rust = await rustView(symbols, read, frame, path, v);
  if (rust) {
    value = rust.value;
    if (rust.elements) expandable = { kind: 'rustVec', frame, base: rust.elements.base, count: rust.elements.count, raw: expandable };
  }
  return {
    name,
    value,
    type: type ?? (v.hasChildren || v.value === undefined ? v.description : undefined),
    expandable,
    address: v.address,
    pointee,
    evaluateName: path,
  };
}

/** The symbol engine's message without its exception-class prefixes (`Error: EvalError: …`). */
export function engineMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].replace(/^(?:(?:Error|EvalError): )+/, '');
}

/** Reads `length` bytes of linear memory at `offset` in the paused frame. */
export type MemoryReader = (offset: number, length: number) => Promise<Uint8Array>;

export function reader(runtime: WasmRuntime, frame: WasmFrame): MemoryReader {
  return (offset, length) => runtime.readMemory(offset, length, frame.callFrameId);
}

const MAX_VEC_ELEMENTS = 1000;
const MAX_STRING_BYTES = 4096;

/**
 * Readable views of Rust's `String`, `&str`-like and `Vec<T>` (the engine shows their raw structs):
 * a String as its text, a Vec as its length with the elements as children.
 */
async function rustView(symbols: WasmSymbols, read: MemoryReader, frame: WasmFrame, path: string, v: SymbolValue): Promise<{ value: string; elements?: { base: string; count: number } } | undefined> {
  const type = v.description;
  const isString = type === 'alloc::string::String';
  const isVec = type.startsWith('alloc::vec::Vec<');
  if (!isString && !isVec) return undefined;
  const vec = isString ? `${path}.vec` : path;
  const at = (expr: string): Promise<SymbolValue | undefined> => symbols.evaluate(expr, frame.address, frame.inlineIndex ?? 0, frame.callFrameId).catch(() => undefined);
  const len = (await at(`${vec}.len`))?.value;
  if (typeof len !== 'number') return undefined;
  const base = `${vec}.buf.ptr.pointer.pointer`;
  if (isVec) return { value: `len=${len}`, elements: { base, count: len } };
  // The bytes are read straight from linear memory: the pointer's only child is named by its target.
  const ptr = await at(base);
  const children = ptr?.objectId ? await symbols.properties(ptr.objectId).catch(() => []) : [];
  const target = children.length === 1 && /^0x[0-9a-f]+$/i.test(children[0].name) ? parseInt(children[0].name, 16) : undefined;
  if (target === undefined) return undefined;
  const bytes = await read(target, Math.min(len, MAX_STRING_BYTES)).catch(() => undefined);
  if (!bytes) return undefined;
  const text = new TextDecoder().decode(bytes);
  return { value: JSON.stringify(text) + (len > MAX_STRING_BYTES ? '…' : '') };
}

/** The C expression for a child: `s.field`, `a[3]`, `*p` for a pointer's pointee. */
function childPath(parent: string, child: string): string {
  if (/^\d+$/.test(child)) return `${parent}[${child}]`;
  if (/^0x[0-9a-f]+$/i.test(child) || child.startsWith('*')) return `*${parent}`;
  return `${parent}.${child}`;
}
