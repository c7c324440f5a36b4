// Scopes and variables of a paused wasm frame as plain data: source variables through the DWARF
// symbol engine, and the raw wasm locals, globals and operand stack through V8. Expandable values
// carry an opaque `Expandable` the session keeps behind a variablesReference.

import type { SymbolValue } from '../dwarf/symbols';
import type { WasmFrame, WasmRuntime } from './runtime';
import { displayValue } from './evaluate';

export type Expandable =
  | { readonly kind: 'sourceScope'; readonly frame: WasmFrame; readonly scope: 'LOCAL' | 'PARAMETER' | 'GLOBAL' }
  | { readonly kind: 'wasmScope'; readonly frame: WasmFrame }
  | { readonly kind: 'wasmList'; readonly frame: WasmFrame; readonly list: 'locals' | 'globals' | 'stack' }
  | { readonly kind: 'symbolObject'; readonly frame: WasmFrame; readonly objectId: string; readonly path: string };

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
      const vars = (await symbols.listVariables(e.frame.address, 0)).filter((v) => v.scope === e.scope);
      const out: VariableItem[] = [];
      for (const v of vars) {
        try {
          const value = await symbols.evaluate(v.name, e.frame.address, 0, e.frame.callFrameId);
          out.push(value ? symbolItem(v.name, v.name, value, e.frame, v.type) : { name: v.name, value: '<unavailable>', type: v.type });
        } catch (err) {
          out.push({ name: v.name, value: `<${(err as Error).message.split('\n')[0]}>`, type: v.type });
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    }
    case 'symbolObject': {
      const symbols = await runtime.symbols();
      if (!symbols) return [];
      const props = await symbols.properties(e.objectId);
      return props.map((p) => symbolItem(p.name, childPath(e.path, p.name), p.value, e.frame));
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

function symbolItem(name: string, path: string, v: SymbolValue, frame: WasmFrame, type?: string): VariableItem {
  const pointer = /\*\s*$/.test(v.description);
  return {
    name,
    value: displayValue(v),
    type: type ?? v.description,
    expandable: v.hasChildren && v.objectId ? { kind: 'symbolObject', frame, objectId: v.objectId, path } : undefined,
    address: v.address,
    pointee: pointer && typeof v.value === 'number' ? v.value : undefined,
    evaluateName: path,
  };
}

/** The C expression for a child: `s.field`, `a[3]`, `*p` for a pointer's pointee. */
function childPath(parent: string, child: string): string {
  if (/^\d+$/.test(child)) return `${parent}[${child}]`;
  if (/^0x[0-9a-f]+$/i.test(child) || child.startsWith('*')) return `*${parent}`;
  return `${parent}.${child}`;
}
