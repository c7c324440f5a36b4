// What a module's imports imply: each WASI preview1 import mapped to the capability it exercises, and
// every import this host cannot satisfy. Pure: works on the reader's import list.
import type { FuncType, ValType, WasmImport } from '../wasm/module';
import { SIGNATURES } from '../wasi/signatures';

export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Capability groups as `inspect` shows them. `fd` calls act on whatever the descriptor is. */
export type CapabilityGroup =
  | 'args' | 'env' | 'clock' | 'random' | 'filesystem' | 'files and stdio (by descriptor)' | 'sockets' | 'process' | 'scheduling';

export interface ImportReport {
  /** Capability group → the WASI functions imported for it, in import order. */
  readonly capabilities: ReadonlyMap<CapabilityGroup, readonly string[]>;
  /** Imports no host function satisfies, as `module.name` (kind when not a function). */
  readonly unknown: readonly string[];
  /** WASI functions imported with another signature than preview1's, with both signatures. */
  readonly mismatched: readonly string[];
}

export function classifyImports(imports: readonly WasmImport[]): ImportReport {
  const capabilities = new Map<CapabilityGroup, string[]>();
  const unknown: string[] = [];
  const mismatched: string[] = [];
  for (const imp of imports) {
    const group = imp.kind === 'func' && imp.module === WASI_MODULE ? groupOf(imp.name) : undefined;
    if (group === undefined) {
      unknown.push(imp.kind === 'func' ? `${imp.module}.${imp.name}` : `${imp.module}.${imp.name} (${imp.kind})`);
      continue;
    }
    // The host's functions are JavaScript, so a wrong signature would link and fail at the call.
    const expected = expectedType(imp.name as keyof typeof SIGNATURES);
    if (imp.kind === 'func' && imp.type !== undefined && show(imp.type) !== show(expected)) {
      mismatched.push(`${imp.module}.${imp.name} (expected ${show(expected)}, found ${show(imp.type)})`);
    }
    let list = capabilities.get(group);
    if (!list) capabilities.set(group, (list = []));
    list.push(imp.name);
  }
  return { capabilities, unknown, mismatched };
}

/** The core wasm type of a preview1 function: i64 parameters stay i64, everything else is i32. */
function expectedType(name: keyof typeof SIGNATURES): FuncType {
  const params = SIGNATURES[name].params.map(([, type]): ValType => (type === 'i64' ? 'i64' : 'i32'));
  return { params, results: name === 'proc_exit' ? [] : ['i32'] };
}

function show(t: FuncType): string {
  return `(${t.params.join(', ')}) -> ${t.results.length === 0 ? '()' : t.results.join(', ')}`;
}

function groupOf(name: string): CapabilityGroup | undefined {
  if (!Object.prototype.hasOwnProperty.call(SIGNATURES, name)) return undefined;
  const capability = SIGNATURES[name as keyof typeof SIGNATURES].capability;
  switch (capability) {
    case 'fd': return 'files and stdio (by descriptor)';
    case 'none': return name === 'sched_yield' ? 'scheduling' : 'process';
    default: return capability;
  }
}
