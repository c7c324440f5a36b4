// Source-level evaluation in a paused frame: through the DWARF symbol engine when loaded, else V8's
// own wasm debug-evaluate (raw `locals[i]`, `globals[i]`, `$var0`, `memories[0]`).

import type { SymbolValue } from '../dwarf/symbols';
import type { WasmFrame, WasmRuntime } from './runtime';

export interface Evaluated {
  /** Display text. */
  readonly text: string;
  readonly type?: string;
  /** A symbol-engine value, for expansion and memory references. */
  readonly symbol?: SymbolValue;
}

export async function evaluateInFrame(runtime: WasmRuntime, frame: WasmFrame, expression: string): Promise<Evaluated> {
  const symbols = await runtime.symbols();
  if (symbols) {
    const v = await symbols.evaluate(expression, frame.address, frame.inlineIndex ?? 0, frame.callFrameId);
    if (!v) throw new Error(`Cannot evaluate '${expression}'.`);
    return { text: displayValue(v), type: v.description, symbol: v };
  }
  const raw = await runtime.evaluateRaw<unknown>(frame.callFrameId,
    `(v => v && typeof v === 'object' && 'type' in v && 'value' in v ? v.type + ' ' + String(v.value) : String(v))(${expression})`);
  return { text: String(raw) };
}

/** Whether a condition value counts as true (C semantics: non-zero). */
export function isTruthy(e: Evaluated): boolean {
  const v = e.symbol?.value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v !== '' && v !== '0' && v !== 'false';
  const t = e.text.trim();
  return t !== '' && t !== '0' && t !== 'false' && !/^(i32|i64|f32|f64) 0$/.test(t);
}

/** How a value is shown: scalars by value, aggregates by type, pointers by type and address. */
export function displayValue(v: SymbolValue): string {
  if (v.value !== undefined && v.value !== null) return typeof v.value === 'string' && v.type === 'string' ? JSON.stringify(v.value) : String(v.value);
  return v.description;
}
